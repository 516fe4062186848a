# mistake: returns the negative Laplacian [[0,-1,0],[-1,4,-1],[0,-1,0]] (the sharpening kernel)
# caught-by: test_laplacian_on_quadratics
# message: negative Laplacian
# rule: laplacian_kernel.weights
def laplacian_kernel():
    return torch.tensor([[0.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 0.0]])
