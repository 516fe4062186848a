# mistake: the output-size formula uses k*d as the effective kernel size
# caught-by: test_output_size_matches_library
# message: k*d
# rule: conv_output_size.formula
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    if k * dilation > n + 2 * padding:
        raise ValueError("kernel longer than the padded input")
    return (n + 2 * padding - k * dilation) // stride + 1
