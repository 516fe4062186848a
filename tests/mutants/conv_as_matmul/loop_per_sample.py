# mistake: one matrix product per sample in a Python loop instead of one for the whole batch
# caught-by: test_conv2d_im2col_one_matrix_product
# message: ONE matrix product
# rule: conv2d_im2col.one-product
def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    N, C, height, width = X.shape
    O, _, kh, kw = W.shape
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    oh = (height + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (width + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    cols = im2col(X, kh, kw, stride, padding, dilation)
    Y = torch.stack([W.reshape(O, -1) @ cols[n] for n in range(N)])
    if b is not None:
        Y = Y + b.view(1, O, 1)
    return Y.reshape(N, O, oh, ow)
