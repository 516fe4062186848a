# mistake: never checks output_padding, so any value silently grows the output
# caught-by: test_output_padding_rule
# message: expected ValueError
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
