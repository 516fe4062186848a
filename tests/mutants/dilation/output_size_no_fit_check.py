# mistake: conv_output_size never checks that the effective kernel fits, so it returns 0 or a negative size
# caught-by: test_effective_kernel_too_large_raises
# message: raise ValueError when d*(k - 1) + 1 > n + 2p
# rule: conv_output_size.effective-longer
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    if n < 1 or k < 1 or padding < 0 or stride < 1 or dilation < 1:
        raise ValueError("an argument is out of range")
    effective = dilation * (k - 1) + 1
    return (n + 2 * padding - effective) // stride + 1
