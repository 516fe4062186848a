# mistake: signs (-1)**j * C(d, j) (backward convention mixed up): the negative for odd d
# caught-by: test_finite_difference_exact_on_polynomials
# message: signs reversed
# rule: finite_difference_kernel.binomial-weights
def finite_difference_kernel(d):
    return torch.tensor([(-1) ** j * math.comb(d, j) for j in range(d + 1)], dtype=torch.float32)
