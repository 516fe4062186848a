# mistake: conv2d_im2col refuses dilation given as an (dh, dw) pair (int only)
# caught-by: test_argument_forms
# message: dilation is an int or an (dh, dw) pair
# rule: conv2d_im2col.dilation-form
_reference_conv2d_im2col = conv2d_im2col


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    if not isinstance(dilation, int):
        raise TypeError("dilation must be an int")
    return _reference_conv2d_im2col(X, W, b, stride, padding, dilation)
