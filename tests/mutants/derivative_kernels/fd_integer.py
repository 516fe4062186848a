# mistake: builds the difference kernel from Python ints, torch.tensor([...]): an int64 kernel
# caught-by: test_kernels_are_float
# message: expected a floating-point kernel
# rule: finite_difference_kernel.float
def finite_difference_kernel(d):
    if d < 0:
        raise ValueError(f"the order of a difference cannot be negative, got {d}")
    return torch.tensor([(-1) ** (d - j) * math.comb(d, j) for j in range(d + 1)])
