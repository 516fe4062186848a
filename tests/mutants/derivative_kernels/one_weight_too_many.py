# mistake: builds d + 2 weights (C(d + 1, j) for j in range(d + 2)), the (d+1)-th difference
# caught-by: test_finite_difference_exact_on_polynomials
# message: one weight too many
# rule: finite_difference_kernel.shape
def finite_difference_kernel(d):
    return torch.tensor([(-1.0) ** (d + 1 - j) * math.comb(d + 1, j) for j in range(d + 2)])
