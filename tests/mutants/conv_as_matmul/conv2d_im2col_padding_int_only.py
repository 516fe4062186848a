# mistake: conv2d_im2col refuses padding given as an (ph, pw) pair (int only)
# caught-by: test_argument_forms
# message: padding is an int or an (ph, pw) pair
# rule: conv2d_im2col.padding-form
_reference_conv2d_im2col = conv2d_im2col


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    if not isinstance(padding, int):
        raise TypeError("padding must be an int")
    return _reference_conv2d_im2col(X, W, b, stride, padding, dilation)
