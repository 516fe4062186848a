# mistake: combines the 1-D Gaussians with a sum, g[:, None] + g[None, :], then normalises: rank 2
# caught-by: test_gaussian_symmetric_and_separable
# message: not separable
# rule: gaussian_blur_kernel.separable
def gaussian_blur_kernel(k, sigma):
    t = torch.arange(k, dtype=torch.float32) - (k - 1) / 2
    g = torch.exp(-(t**2) / (2 * sigma**2))
    K = g[:, None] + g[None, :]
    return K / K.sum()
