# mistake: conv_transpose_output_size checks every argument's range but dilation's (spacing of the kernel taps, at least 1), so dilation < 1 returns a size
# caught-by: test_documented_errors
# message: dilation must be at least 1
# rule: conv_transpose_output_size.dilation-at-least-1
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    if n < 1 or k < 1 or stride < 1 or padding < 0 or output_padding < 0:
        raise ValueError("an argument is out of range")
    if not (output_padding < stride or output_padding < dilation):
        raise ValueError("output_padding must be smaller than the stride or the dilation")
    size = (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    if size < 1:
        raise ValueError("the size is not positive")
    return size
