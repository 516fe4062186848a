# mistake: the box blur is torch.ones(k, k), not divided by k**2 (it brightens the image k**2 times)
# caught-by: test_blur_preserves_constant_images
# message: not normalised
# rule: box_blur_kernel.weights
def box_blur_kernel(k):
    return torch.ones((k, k))
