# mistake: divides with '/' so the size is a float, not floor((n + 2p - d(k-1) - 1) / s) + 1
# caught-by: test_output_size_matches_library
# message: expected an int
# rule: conv_output_size.int
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    effective = dilation * (k - 1) + 1
    if effective > n + 2 * padding:
        raise ValueError("kernel longer than the padded input")
    return (n + 2 * padding - effective) / stride + 1
