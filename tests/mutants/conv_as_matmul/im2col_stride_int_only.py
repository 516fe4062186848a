# mistake: im2col refuses stride given as an (sh, sw) pair (int only)
# caught-by: test_argument_forms
# message: stride is an int or an (sh, sw) pair
# rule: im2col.stride-form
_reference_im2col = im2col


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if not isinstance(stride, int):
        raise TypeError("stride must be an int")
    return _reference_im2col(X, kh, kw, stride, padding, dilation)
