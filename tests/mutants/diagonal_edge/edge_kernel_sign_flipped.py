# mistake: the edge kernel is [[-1, 1]], the negative of the textbook's [[1, -1]]
# caught-by: test_edge_kernel_values
# message: sign is flipped
# rule: edge_kernel.values
def edge_kernel():
    return torch.tensor([[-1.0, 1.0]])
