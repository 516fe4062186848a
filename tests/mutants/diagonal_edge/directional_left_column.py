# mistake: the row difference in the right column, [[0, -1], [0, 1]]: exact on ramps, not the API
# caught-by: test_directional_kernel_values
# message: placement
# rule: directional_edge_kernel.formula
def directional_edge_kernel(v1, v2):
    along_columns = torch.tensor([[-1.0, 1.0], [0.0, 0.0]])
    along_rows = torch.tensor([[0.0, -1.0], [0.0, 1.0]])  # should be [[-1, 0], [1, 0]]
    return v1 * along_columns + v2 * along_rows
