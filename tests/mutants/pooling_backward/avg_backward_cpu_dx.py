# mistake: avg_pool2d_backward allocates dx with torch.zeros(shape, dtype=dout.dtype), without
# device=: on the CPU whatever dout's device
# caught-by: test_device_kept
# message: the result is on device cpu
# rule: avg_pool2d_backward.device
def avg_pool2d_backward(dout, cache):
    shape, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(shape, dtype=dout.dtype)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += dout[:, :, i, j, None, None] / (kh * kw)
    return dx
