# mistake: finite_difference_kernel never checks d: a negative order returns an empty kernel
# caught-by: test_finite_difference_order_range
# message: when d is negative
# rule: finite_difference_kernel.negative-order
def finite_difference_kernel(d):
    weights = [(-1) ** (d - j) * math.comb(d, j) for j in range(d + 1)]
    return torch.tensor(weights, dtype=torch.get_default_dtype())
