# mistake: the integral kernel divides by n (a window mean, not a window sum)
# caught-by: test_integral_kernel_window_sums
# message: a mean, not a sum
# rule: integral_kernel.window-sum
def integral_kernel(n):
    return torch.ones(n) / n
