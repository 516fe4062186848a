# mistake: conv2d_im2col does not check that X's channels match W's: the matrix product fails with a RuntimeError
# caught-by: test_errors
# message: the shapes do not fit together
# rule: conv2d_im2col.shapes-fit
def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    N, C, height, width = X.shape
    O, _, kh, kw = W.shape
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    oh = (height + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (width + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    Y = W.reshape(O, -1) @ im2col(X, kh, kw, stride, padding, dilation)
    if b is not None:
        Y = Y + b.view(1, O, 1)
    return Y.reshape(N, O, oh, ow)
