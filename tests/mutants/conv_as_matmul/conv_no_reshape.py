# mistake: conv2d_im2col returns the (N, O, L) product without reshaping it to (N, O, oh, ow)
# caught-by: test_conv2d_im2col_matches_conv2d
# message: Y has shape (N, O, oh, ow)
# rule: conv2d_im2col.shape
_reference_conv2d_im2col = conv2d_im2col


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    Y = _reference_conv2d_im2col(X, W, b, stride, padding, dilation)
    return Y.reshape(Y.shape[0], Y.shape[1], -1)
