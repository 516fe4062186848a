# mistake: the average-pooling backward divides dout in place (dout /= kh * kw), changing the caller's
# caught-by: test_dout_not_modified
# message: modified dout in place
# rule: handout.pooling-dout-not-modified
def avg_pool2d_backward(dout, cache):
    shape, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(shape, dtype=dout.dtype, device=dout.device)
    dout /= kh * kw
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += dout[:, :, i, j, None, None]
    return dx
