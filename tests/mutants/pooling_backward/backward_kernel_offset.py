# mistake: the backward steps windows by the kernel size (i*kh) instead of the stride (i*sh)
# caught-by: test_backward_matches_autograd
# message: instead of i*sh (the stride)
# rule: max_pool2d_backward.route-to-maximum
def max_pool2d_backward(dout, cache):
    x, (kh, kw), _ = cache
    N, C = x.shape[:2]
    dx = torch.zeros(x.shape, dtype=dout.dtype, device=dout.device)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * kh, i * kh + kh), slice(j * kw, j * kw + kw)
            window = x[:, :, rows, cols].reshape(N, C, kh * kw)
            mask = torch.zeros_like(window).scatter_(2, window.argmax(2, keepdim=True), 1.0)
            dx[:, :, rows, cols] += (mask * dout[:, :, i, j, None]).reshape(N, C, kh, kw)
    return dx
