# mistake: max_pool2d_backward writes each window's gradient with = instead of +=, so overlapping windows overwrite
# caught-by: test_overlapping_windows_accumulate
# message: += instead of =
# rule: max_pool2d_backward.overlaps-add
def max_pool2d_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    N, C = x.shape[:2]
    dx = torch.zeros(x.shape, dtype=dout.dtype, device=dout.device)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = x[:, :, rows, cols].reshape(N, C, kh * kw)
            mask = torch.zeros_like(window).scatter_(2, window.argmax(2, keepdim=True), 1.0)
            dx[:, :, rows, cols] = (mask * dout[:, :, i, j, None]).reshape(N, C, kh, kw)
    return dx
