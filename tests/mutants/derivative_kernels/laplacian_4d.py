# mistake: laplacian_kernel returns a conv2d weight of shape (1, 1, 3, 3), not the (3, 3) kernel
# caught-by: test_laplacian_on_quadratics
# message: expected (3, 3)
# rule: laplacian_kernel.shape
def laplacian_kernel():
    return torch.tensor([[[[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]]])
