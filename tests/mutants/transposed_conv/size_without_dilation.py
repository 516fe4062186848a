# mistake: the output-size formula forgets the dilation: (n - 1)s - 2p + k + output_padding
# caught-by: test_output_size_matches_library
# message: dilation ignored
# rule: conv_transpose_output_size.formula
def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    if min(n, k, stride, dilation) < 1 or min(padding, output_padding) < 0:
        raise ValueError("an argument is out of range")
    if not (output_padding < stride or output_padding < dilation):
        raise ValueError("output_padding must be smaller than the stride or the dilation")
    size = (n - 1) * stride - 2 * padding + k + output_padding
    if size < 1:
        raise ValueError("the size is not positive")
    return size
