# mistake: gaussian_blur_kernel returns a conv2d weight of shape (1, 1, k, k), not (k, k)
# caught-by: test_blur_preserves_constant_images
# message: a (k, k) kernel
# rule: gaussian_blur_kernel.shape
def gaussian_blur_kernel(k, sigma):
    t = torch.arange(k, dtype=torch.float32) - (k - 1) / 2
    g = torch.exp(-(t**2) / (2 * sigma**2))
    g = g / g.sum()
    return torch.outer(g, g)[None, None]
