# mistake: max_pool2d_backward allocates dx with torch.zeros(shape, dtype=dout.dtype), without
# device=: on the CPU whatever dout's device
# caught-by: test_device_kept
# message: the result is on device cpu
# rule: max_pool2d_backward.device
def max_pool2d_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    N, C = x.shape[:2]
    dx = torch.zeros(x.shape, dtype=dout.dtype)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = x[:, :, rows, cols].reshape(N, C, kh * kw)
            mask = dout.new_zeros((N, C, kh * kw)).scatter_(2, window.argmax(2, keepdim=True), 1.0)
            dx[:, :, rows, cols] += (mask * dout[:, :, i, j, None]).reshape(N, C, kh, kw)
    return dx
