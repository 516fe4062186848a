# mistake: conv_transpose_output_size returns a size of 0 or less (padding too large) instead of raising ValueError
# caught-by: test_documented_errors
# message: the size is not positive
# rule: conv_transpose_output_size.not-positive
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    if min(n, k, stride, dilation) < 1 or min(padding, output_padding) < 0:
        raise ValueError("an argument is out of range")
    if not (output_padding < stride or output_padding < dilation):
        raise ValueError("output_padding must be smaller than the stride or the dilation")
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
