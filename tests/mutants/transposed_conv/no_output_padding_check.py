# mistake: never checks output_padding, so any value silently grows the output
# caught-by: test_output_padding_rule
# message: expected ValueError
# rule: conv_transpose_output_size.output-padding-too-large
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    if min(n, k, stride, dilation) < 1 or min(padding, output_padding) < 0:
        raise ValueError("an argument is out of range")
    size = (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    if size < 1:
        raise ValueError("the size is not positive")
    return size
