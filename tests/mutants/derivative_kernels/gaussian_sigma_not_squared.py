# mistake: the exponent divides by 2 * sigma instead of 2 * sigma**2
# caught-by: test_gaussian_values
# message: divides by 2 * sigma;
# rule: gaussian_blur_kernel.formula
def gaussian_blur_kernel(k, sigma):
    t = torch.arange(k, dtype=torch.float32) - (k - 1) / 2
    g = torch.exp(-(t**2) / (2 * sigma))
    g = g / g.sum()
    return torch.outer(g, g)
