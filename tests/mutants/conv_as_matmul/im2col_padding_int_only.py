# mistake: im2col refuses padding given as an (ph, pw) pair (int only)
# caught-by: test_argument_forms
# message: padding is an int or an (ph, pw) pair
# rule: im2col.padding-form
_reference_im2col = im2col


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if not isinstance(padding, int):
        raise TypeError("padding must be an int")
    return _reference_im2col(X, kh, kw, stride, padding, dilation)
