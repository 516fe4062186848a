# mistake: builds the kernel from the arguments with an int 0: int arguments give an int64 kernel
# caught-by: test_directional_kernel_values
# message: expected a floating-point dtype
# rule: directional_edge_kernel.dtype
def directional_edge_kernel(v1, v2):
    return torch.tensor([[-v1 - v2, v1], [v2, 0]])
