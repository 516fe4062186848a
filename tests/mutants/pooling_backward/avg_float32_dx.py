# mistake: avg_pool2d_backward allocates dx with torch.zeros(shape): float32 whatever dout's dtype
# caught-by: test_dtype_kept
# message: dx takes dout's dtype
# rule: avg_pool2d_backward.dtype
def avg_pool2d_backward(dout, cache):
    shape, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += dout[:, :, i, j, None, None] / (kh * kw)
    return dx
