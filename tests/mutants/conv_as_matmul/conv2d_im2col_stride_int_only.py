# mistake: conv2d_im2col refuses stride given as an (sh, sw) pair (int only)
# caught-by: test_argument_forms
# message: stride is an int or an (sh, sw) pair
# rule: conv2d_im2col.stride-form
_reference_conv2d_im2col = conv2d_im2col


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    if not isinstance(stride, int):
        raise TypeError("stride must be an int")
    return _reference_conv2d_im2col(X, W, b, stride, padding, dilation)
