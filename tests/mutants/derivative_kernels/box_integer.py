# mistake: box_blur_kernel divides integers with //, torch.full((k, k), 1) // k**2: an int64
# kernel (of zeros)
# caught-by: test_kernels_are_float
# message: expected a floating-point kernel
# rule: box_blur_kernel.float
def box_blur_kernel(k):
    return torch.full((k, k), 1) // k**2
