# mistake: alternating signs but all weights of size 1 (the binomial coefficients are missing)
# caught-by: test_finite_difference_exact_on_polynomials
# message: binomial coefficients are missing
# rule: finite_difference_kernel.binomial-weights
def finite_difference_kernel(d):
    return torch.tensor([(-1.0) ** (d - j) for j in range(d + 1)])
