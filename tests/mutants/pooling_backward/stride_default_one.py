# mistake: max_pool2d_forward's stride defaults to 1 (the convolution's default) instead of kernel_size
# caught-by: test_stride_defaults_to_kernel_size
# message: stride defaults to kernel_size
# rule: max_pool2d_forward.stride-default
_reference_max_forward = max_pool2d_forward


def max_pool2d_forward(x, kernel_size, stride=1):
    return _reference_max_forward(x, kernel_size, stride)
