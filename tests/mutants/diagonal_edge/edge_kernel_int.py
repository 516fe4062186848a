# mistake: the edge kernel written with int entries, torch.tensor([[1, -1]]): an int64 kernel
# caught-by: test_edge_kernel_values
# message: expected a floating-point dtype
# rule: edge_kernel.dtype
def edge_kernel():
    return torch.tensor([[1, -1]])
