# mistake: conv_transpose_output_size checks the ranges with assert (AssertionError), not ValueError
# caught-by: test_documented_errors
# message: an argument out of range must raise ValueError
# rule: conv_transpose_output_size.out-of-range
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    assert min(n, k, stride, dilation) >= 1 and min(padding, output_padding) >= 0
    if not (output_padding < stride or output_padding < dilation):
        raise ValueError("output_padding must be smaller than the stride or the dilation")
    size = (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    if size < 1:
        raise ValueError("the size is not positive")
    return size
