# mistake: integral_kernel is torch.tensor([1] * n), an int64 kernel
# caught-by: test_kernels_are_float
# message: expected a floating-point kernel
# rule: integral_kernel.float
def integral_kernel(n):
    return torch.tensor([1] * n)
