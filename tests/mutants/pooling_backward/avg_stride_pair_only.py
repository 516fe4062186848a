# mistake: avg_pool2d_forward unpacks a given stride as a pair (sh, sw = stride): an int fails
# caught-by: test_accepted_arguments
# message: stride as an int
# rule: avg_pool2d_forward.stride-forms
_reference_avg_forward = avg_pool2d_forward


def avg_pool2d_forward(x, kernel_size, stride=None):
    if stride is not None:
        sh, sw = stride
        stride = (sh, sw)
    return _reference_avg_forward(x, kernel_size, stride)
