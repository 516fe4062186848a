# mistake: im2col reads a 3-D X (C, H, W) as one image instead of raising ValueError
# caught-by: test_errors
# message: X is not 4-D
# rule: im2col.not-4d
_reference_im2col = im2col


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if X.dim() == 3:
        return _reference_im2col(X[None], kh, kw, stride, padding, dilation)[0]
    return _reference_im2col(X, kh, kw, stride, padding, dilation)
