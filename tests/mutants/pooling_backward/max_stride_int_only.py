# mistake: max_pool2d_forward takes a given stride as one int (sh = sw = stride): a pair fails
# caught-by: test_accepted_arguments
# message: stride as an (sh, sw) pair
# rule: max_pool2d_forward.stride-forms
_reference_max_forward = max_pool2d_forward


def max_pool2d_forward(x, kernel_size, stride=None):
    return _reference_max_forward(x, kernel_size, None if stride is None else (stride, stride))
