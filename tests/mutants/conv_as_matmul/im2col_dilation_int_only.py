# mistake: im2col refuses dilation given as an (dh, dw) pair (int only)
# caught-by: test_argument_forms
# message: dilation is an int or an (dh, dw) pair
# rule: im2col.dilation-form
_reference_im2col = im2col


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if not isinstance(dilation, int):
        raise TypeError("dilation must be an int")
    return _reference_im2col(X, kh, kw, stride, padding, dilation)
