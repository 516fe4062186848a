# mistake: finite_difference_kernel refuses d = 0 ("no difference is no kernel"); d >= 0 allows it
# caught-by: test_finite_difference_order_range
# message: d >= 0 includes d = 0
# rule: finite_difference_kernel.order-zero
def finite_difference_kernel(d):
    if d < 1:
        raise ValueError(f"the order must be positive, got {d}")
    weights = [(-1) ** (d - j) * math.comb(d, j) for j in range(d + 1)]
    return torch.tensor(weights, dtype=torch.get_default_dtype())
