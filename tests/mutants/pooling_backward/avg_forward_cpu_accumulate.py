# mistake: avg_pool2d_forward adds the means into torch.zeros(shape, dtype=x.dtype), made
# without device=: the output is on the CPU whatever x's device
# caught-by: test_device_kept
# message: the result is on device cpu
# rule: avg_pool2d_forward.device
def avg_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    out = torch.zeros((N, C, (H - kh) // sh + 1, (W - kw) // sw + 1), dtype=x.dtype)
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] += x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].mean(dim=(2, 3))
    return out, (x.shape, (kh, kw), (sh, sw))
