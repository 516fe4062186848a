# mistake: builds the Laplacian from integers, torch.tensor([[0, 1, 0], ...]): an int64 kernel
# caught-by: test_kernels_are_float
# message: integer tensor
# rule: laplacian_kernel.float
def laplacian_kernel():
    return torch.tensor([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
