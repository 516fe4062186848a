# mistake: the Gaussian is sampled but not normalised (peak 1 instead of weights summing to 1)
# caught-by: test_blur_preserves_constant_images
# message: not normalised
# rule: gaussian_blur_kernel.sums-to-one
def gaussian_blur_kernel(k, sigma):
    t = torch.arange(k, dtype=torch.float32) - (k - 1) / 2
    return torch.exp(-(t[:, None] ** 2 + t[None, :] ** 2) / (2 * sigma**2))
