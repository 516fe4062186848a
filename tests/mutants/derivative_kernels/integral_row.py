# mistake: integral_kernel returns a row, torch.ones(1, n), shape (1, n) instead of (n,)
# caught-by: test_integral_kernel_window_sums
# message: n weights, one per sample
# rule: integral_kernel.shape
def integral_kernel(n):
    return torch.ones(1, n)
