# mistake: the mask window == window.max() gives the full gradient to every tied maximum
# caught-by: test_max_ties_go_to_first_maximum
# message: every tied maximum got the full gradient
# rule: max_pool2d_backward.first-maximum
def max_pool2d_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(x.shape, dtype=dout.dtype, device=dout.device)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = x[:, :, rows, cols]
            mask = window == window.amax(dim=(2, 3), keepdim=True)
            dx[:, :, rows, cols] += mask * dout[:, :, i, j, None, None]
    return dx
