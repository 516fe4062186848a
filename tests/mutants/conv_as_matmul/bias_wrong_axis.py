# mistake: adds the bias to the (N, O, oh, ow) result without a view, so it runs along the width
# caught-by: test_conv2d_im2col_bias
# message: wrong axis
# rule: conv2d_im2col.bias
def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    N, C, height, width = X.shape
    O, _, kh, kw = W.shape
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    oh = (height + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (width + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    Y = (W.reshape(O, -1) @ im2col(X, kh, kw, stride, padding, dilation)).reshape(N, O, oh, ow)
    if b is not None:
        Y = Y + b
    return Y
