# mistake: trans_conv_by_correlation hands the work to the stamp form, conv_transpose2d, instead of correlating
# caught-by: test_zero_insertion_no_library_convolution
# message: not trans_conv or conv_transpose2d
# rule: handout.transposed_conv-by-correlation-only
def trans_conv_by_correlation(X, K, stride=1, padding=0, output_padding=0):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    return conv_transpose2d(X[None, None], K[None, None], stride, padding, output_padding)[0, 0]
