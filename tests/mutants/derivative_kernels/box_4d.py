# mistake: box_blur_kernel returns a conv2d weight of shape (1, 1, k, k), not the (k, k) kernel
# caught-by: test_blur_preserves_constant_images
# message: a (k, k) kernel
# rule: box_blur_kernel.shape
def box_blur_kernel(k):
    return torch.full((1, 1, k, k), 1.0 / (k * k))
