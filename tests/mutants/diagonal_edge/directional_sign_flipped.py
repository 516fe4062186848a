# mistake: the textbook's [[1, -1]] sign convention in both differences: every sign flipped
# caught-by: test_directional_ramp_response
# message: signs are flipped
# rule: directional_edge_kernel.formula
def directional_edge_kernel(v1, v2):
    along_columns = torch.tensor([[1.0, -1.0], [0.0, 0.0]])
    along_rows = torch.tensor([[1.0, 0.0], [-1.0, 0.0]])
    return v1 * along_columns + v2 * along_rows
