# mistake: max_pool2d_backward builds dx over the rows and columns the windows cover only,
# shape (N, C, (OH - 1) * sh + kh, (OW - 1) * sw + kw), not x's shape
# caught-by: test_backward_matches_autograd
# message: dx has the shape of x
# rule: max_pool2d_backward.shape
def max_pool2d_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    N, C, OH, OW = dout.shape
    dx = dout.new_zeros((N, C, (OH - 1) * sh + kh, (OW - 1) * sw + kw))
    for i in range(OH):
        for j in range(OW):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = x[:, :, rows, cols].reshape(N, C, kh * kw)
            mask = dout.new_zeros((N, C, kh * kw)).scatter_(2, window.argmax(2, keepdim=True), 1.0)
            dx[:, :, rows, cols] += (mask * dout[:, :, i, j, None]).reshape(N, C, kh, kw)
    return dx
