# mistake: conv2d_im2col flips the kernel (true convolution), so it is not equal to F.conv2d
# caught-by: test_conv2d_im2col_matches_conv2d
# message: kernel is flipped
# rule: conv2d_im2col.equal
_reference_conv2d_im2col = conv2d_im2col


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    return _reference_conv2d_im2col(X, W.flip(2, 3), b, stride, padding, dilation)
