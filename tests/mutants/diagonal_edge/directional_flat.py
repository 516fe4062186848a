# mistake: returns the four entries as a flat tensor of shape (4,), not a 2 x 2 kernel
# caught-by: test_directional_kernel_values
# message: output shape (4,), expected (2, 2)
# rule: directional_edge_kernel.shape
def directional_edge_kernel(v1, v2):
    return torch.tensor([-v1 - v2, v1, v2, 0.0])
