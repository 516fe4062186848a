# mistake: gaussian_blur_kernel centres at c = k // 2: for an even k the kernel is off-centre
# (not symmetric)
# caught-by: test_gaussian_symmetric_and_separable
# message: the centre is c = (k - 1) / 2
# rule: gaussian_blur_kernel.centre
def gaussian_blur_kernel(k, sigma):
    t = torch.arange(k, dtype=torch.float32) - k // 2
    g = torch.exp(-(t**2) / (2 * sigma**2))
    g = g / g.sum()
    return torch.outer(g, g)
