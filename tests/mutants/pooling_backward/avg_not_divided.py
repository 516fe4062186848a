# mistake: average-pooling backward passes dout to each window position without dividing by kh*kw
# caught-by: test_backward_matches_autograd
# message: not divided by the window size
# rule: avg_pool2d_backward.share
def avg_pool2d_backward(dout, cache):
    shape, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(shape, dtype=dout.dtype, device=dout.device)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += dout[:, :, i, j, None, None]
    return dx
