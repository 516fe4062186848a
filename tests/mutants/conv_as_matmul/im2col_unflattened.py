# mistake: im2col returns (N, C*kh*kw, oh, ow), the windows not flattened into one dimension
# caught-by: test_im2col_matches_unfold
# message: cols has shape (N, C*kh*kw, oh*ow)
# rule: im2col.shape
_reference_im2col = im2col


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    cols = _reference_im2col(X, kh, kw, stride, padding, dilation)
    (sh, _), (ph, _), (dh, _) = _pair(stride), _pair(padding), _pair(dilation)
    oh = (X.shape[2] + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    return cols.reshape(cols.shape[0], cols.shape[1], oh, -1)
