# mistake: reuses conv_transpose2d through X.unsqueeze_(0), reshaping the caller's tensors in place
# caught-by: test_inputs_not_modified
# message: modified its input in place
# rule: handout.transposed_conv-unmodified
def trans_conv(X, K):
    return conv_transpose2d(X.unsqueeze_(0).unsqueeze_(0), K.unsqueeze_(0).unsqueeze_(0))[0, 0]
