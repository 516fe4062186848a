# mistake: second_derivative_kernel returns the 1-D kernel [1., -2., 1.], shape (3,), not (1, 3)
# caught-by: test_second_derivative_on_quadratics
# message: expected (1, 3)
# rule: second_derivative_kernel.shape
def second_derivative_kernel():
    return torch.tensor([1.0, -2.0, 1.0])
