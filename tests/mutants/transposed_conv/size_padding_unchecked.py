# mistake: conv_transpose_output_size checks every argument's range but padding's (rows cropped from each side of the output, at least 0), so padding < 0 returns a size
# caught-by: test_documented_errors
# message: padding must be at least 0
# rule: conv_transpose_output_size.padding-at-least-0
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    if n < 1 or k < 1 or stride < 1 or output_padding < 0 or dilation < 1:
        raise ValueError("an argument is out of range")
    if not (output_padding < stride or output_padding < dilation):
        raise ValueError("output_padding must be smaller than the stride or the dilation")
    size = (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    if size < 1:
        raise ValueError("the size is not positive")
    return size
