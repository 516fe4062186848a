# mistake: stride defaults to 1 (the convolution's default) instead of kernel_size
# caught-by: test_stride_defaults_to_kernel_size
# message: stride defaults to kernel_size
_reference_max_forward, _reference_avg_forward = max_pool2d_forward, avg_pool2d_forward


def max_pool2d_forward(x, kernel_size, stride=1):
    return _reference_max_forward(x, kernel_size, stride)


def avg_pool2d_forward(x, kernel_size, stride=1):
    return _reference_avg_forward(x, kernel_size, stride)
