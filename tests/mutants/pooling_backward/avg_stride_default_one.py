# mistake: avg_pool2d_forward's stride defaults to 1 (the convolution's default), not kernel_size
# caught-by: test_stride_defaults_to_kernel_size
# message: stride defaults to kernel_size
# rule: avg_pool2d_forward.stride-default
_reference_avg_forward = avg_pool2d_forward


def avg_pool2d_forward(x, kernel_size, stride=1):
    return _reference_avg_forward(x, kernel_size, stride)
