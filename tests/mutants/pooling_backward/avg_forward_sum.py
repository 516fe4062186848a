# mistake: the average-pooling forward returns the window's sum, not its mean
# caught-by: test_forward_matches_library
# message: not divided by the window size
# rule: avg_pool2d_forward.window-mean
def avg_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    out = x.new_zeros((N, C, (H - kh) // sh + 1, (W - kw) // sw + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].sum(dim=(2, 3))
    return out, (x.shape, (kh, kw), (sh, sw))
