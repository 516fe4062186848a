# mistake: the edge kernel is a column [[1], [-1]] (a vertical difference), not a row
# caught-by: test_edge_kernel_values
# message: not a column
# rule: edge_kernel.shape
def edge_kernel():
    return torch.tensor([[1.0], [-1.0]])
