# mistake: avg_pool2d_backward allocates dx with torch.zeros_like(dout): the shape of dout, not x
# caught-by: test_backward_matches_autograd
# message: dx has the shape of x
# rule: avg_pool2d_backward.shape
def avg_pool2d_backward(dout, cache):
    shape, (kh, kw), (sh, sw) = cache
    dx = torch.zeros_like(dout)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += dout[:, :, i, j, None, None] / (kh * kw)
    return dx
