# mistake: the output-size formula forgets the dilation: (n - 1)s - 2p + k + output_padding
# caught-by: test_output_size_matches_library
# message: dilation ignored
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    if not (output_padding < stride or output_padding < dilation):
        raise ValueError("output_padding too large")
    return (n - 1) * stride - 2 * padding + k + output_padding
