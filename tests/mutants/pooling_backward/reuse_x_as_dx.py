# mistake: the cache keeps x and the backward reuses it as the gradient buffer (x.zero_()), erasing x
# caught-by: test_x_not_modified
# message: modified x in place
# rule: handout.pooling-x-not-modified
_reference_avg_forward = avg_pool2d_forward


def avg_pool2d_forward(x, kernel_size, stride=None):
    out, (_, window, step) = _reference_avg_forward(x, kernel_size, stride)
    return out, (x, window, step)


def avg_pool2d_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    dx = x.zero_()  # "saves memory"
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += (
                dout[:, :, i, j, None, None] / (kh * kw)
            )
    return dx
