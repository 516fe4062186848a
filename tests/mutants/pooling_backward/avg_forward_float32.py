# mistake: avg_pool2d_forward allocates out with torch.zeros(shape): float32 whatever x's dtype
# caught-by: test_dtype_kept
# message: expected torch.float64
# rule: avg_pool2d_forward.dtype
def avg_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    out = torch.zeros((N, C, (H - kh) // sh + 1, (W - kw) // sw + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            window = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[:, :, i, j] = window.mean(dim=(2, 3))
    return out, (x.shape, (kh, kw), (sh, sw))
