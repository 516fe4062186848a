# mistake: max_pool2d_backward allocates dx with torch.zeros_like(x): x's dtype, not dout's
# caught-by: test_dtype_kept
# message: dx takes dout's dtype
# rule: max_pool2d_backward.dtype
def max_pool2d_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    N, C = x.shape[:2]
    dx = torch.zeros_like(x)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = x[:, :, rows, cols].reshape(N, C, kh * kw)
            mask = dout.new_zeros((N, C, kh * kw)).scatter_(2, window.argmax(2, keepdim=True), 1.0)
            dx[:, :, rows, cols] += (mask * dout[:, :, i, j, None]).reshape(N, C, kh, kw)
    return dx
