# mistake: max_pool2d_forward unpacks kernel_size as a pair (kh, kw = kernel_size): an int fails
# caught-by: test_accepted_arguments
# message: kernel_size as an int
# rule: max_pool2d_forward.kernel-forms
_reference_max_forward = max_pool2d_forward


def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = kernel_size
    return _reference_max_forward(x, (kh, kw), stride)
