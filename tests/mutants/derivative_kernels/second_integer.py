# mistake: second_derivative_kernel is torch.tensor([[1, -2, 1]]), an int64 kernel
# caught-by: test_kernels_are_float
# message: expected a floating-point kernel
# rule: second_derivative_kernel.float
def second_derivative_kernel():
    return torch.tensor([[1, -2, 1]])
