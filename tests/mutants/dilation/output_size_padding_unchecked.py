# mistake: conv_output_size checks every argument's range but padding's (zeros on each side, at least 0), so padding < 0 returns a size
# caught-by: test_documented_errors
# message: padding must be at least 0
# rule: conv_output_size.padding-at-least-0
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    if n < 1 or k < 1 or stride < 1 or dilation < 1:
        raise ValueError("an argument is out of range")
    effective = dilation * (k - 1) + 1
    if effective > n + 2 * padding:
        raise ValueError("the effective kernel is longer than the padded input")
    return (n + 2 * padding - effective) // stride + 1
