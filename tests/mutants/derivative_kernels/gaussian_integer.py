# mistake: gaussian_blur_kernel returns integer weights (a 256-level table, .long()), an int64
# kernel; a Gaussian's weights are fractions, so its values are off too
# caught-by: test_kernels_are_float
# message: expected a floating-point kernel
# rule: gaussian_blur_kernel.float
def gaussian_blur_kernel(k, sigma):
    t = torch.arange(k, dtype=torch.float32) - (k - 1) / 2
    g = torch.exp(-(t**2) / (2 * sigma**2))
    g = g / g.sum()
    return (torch.outer(g, g) * 256).round().long()
