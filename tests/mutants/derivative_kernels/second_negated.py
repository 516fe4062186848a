# mistake: second_derivative_kernel has every sign flipped, [[-1., 2., -1.]] (the negative)
# caught-by: test_second_derivative_on_quadratics
# message: the weights are [[1, -2, 1]]
# rule: second_derivative_kernel.weights
def second_derivative_kernel():
    return torch.tensor([[-1.0, 2.0, -1.0]])
