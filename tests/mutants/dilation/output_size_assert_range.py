# mistake: conv_output_size checks the ranges with assert (AssertionError), not ValueError
# caught-by: test_documented_errors
# message: an argument out of range must raise ValueError
# rule: conv_output_size.out-of-range
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    assert n >= 1 and k >= 1 and padding >= 0 and stride >= 1 and dilation >= 1
    effective = dilation * (k - 1) + 1
    if effective > n + 2 * padding:
        raise ValueError("the effective kernel is longer than the padded input")
    return (n + 2 * padding - effective) // stride + 1
