# mistake: avg_pool2d_forward refuses a window as large as the input (>= instead of >)
# caught-by: test_accepted_arguments
# message: as large as the input
# rule: avg_pool2d_forward.window-at-most-input
_reference_avg_forward = avg_pool2d_forward


def avg_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    if kh >= x.shape[2] or kw >= x.shape[3]:
        raise ValueError("the window must be smaller than the input")
    return _reference_avg_forward(x, kernel_size, stride)
