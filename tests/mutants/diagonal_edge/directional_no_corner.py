# mistake: wrong sign pattern: [[-v1, v1], [v2, 0]] forgets v2's -1 at the top left (sum not 0)
# caught-by: test_directional_ramp_response
# message: must sum to 0
# rule: directional_edge_kernel.formula
def directional_edge_kernel(v1, v2):
    return torch.tensor([[-v1, v1], [v2, 0.0]])
