# mistake: the output-size formula forgets the dilation: floor((n + 2p - k) / s) + 1
# caught-by: test_output_size_matches_library
# message: misses the dilation
# rule: conv_output_size.formula
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    if k > n + 2 * padding:
        raise ValueError("kernel longer than the padded input")
    return (n + 2 * padding - k) // stride + 1
