# mistake: conv_output_size checks every argument's range but stride's (step between windows, at least 1), so stride < 1 returns a size
# caught-by: test_documented_errors
# message: stride must be at least 1
# rule: conv_output_size.stride-at-least-1
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    if n < 1 or k < 1 or padding < 0 or dilation < 1:
        raise ValueError("an argument is out of range")
    effective = dilation * (k - 1) + 1
    if effective > n + 2 * padding:
        raise ValueError("the effective kernel is longer than the padded input")
    return (n + 2 * padding - effective) // stride + 1
