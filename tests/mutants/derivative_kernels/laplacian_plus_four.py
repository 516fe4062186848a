# mistake: the Laplacian's centre weight is +4 instead of -4 (the weights sum to 8, not 0)
# caught-by: test_laplacian_on_quadratics
# message: centre weight is +4
# rule: laplacian_kernel.weights
def laplacian_kernel():
    return torch.tensor([[0.0, 1.0, 0.0], [1.0, 4.0, 1.0], [0.0, 1.0, 0.0]])
