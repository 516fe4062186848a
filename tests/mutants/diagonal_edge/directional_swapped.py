# mistake: v1 and v2 swapped: v1 weighs the row difference and v2 the column difference
# caught-by: test_directional_ramp_response
# message: v1 and v2 swapped
# rule: directional_edge_kernel.formula
def directional_edge_kernel(v1, v2):
    along_columns = torch.tensor([[-1.0, 1.0], [0.0, 0.0]])
    along_rows = torch.tensor([[-1.0, 0.0], [1.0, 0.0]])
    return v2 * along_columns + v1 * along_rows
