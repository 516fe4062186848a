# mistake: requires output_padding < stride even when it is smaller than the dilation
# caught-by: test_output_padding_rule
# message: either the stride or the dilation
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    if output_padding >= stride:
        raise ValueError(f"output_padding {output_padding} must be smaller than stride {stride}")
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
