# mistake: max_pool2d_forward refuses a window as large as the input (>= instead of >)
# caught-by: test_accepted_arguments
# message: as large as the input
# rule: max_pool2d_forward.window-at-most-input
_reference_max_forward = max_pool2d_forward


def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    if kh >= x.shape[2] or kw >= x.shape[3]:
        raise ValueError("the window must be smaller than the input")
    return _reference_max_forward(x, kernel_size, stride)
