# mistake: max_pool2d_forward places window (i, j) at row i*kh (the kernel size), not i*sh
# caught-by: test_forward_matches_library
# message: instead of i*sh (the stride)
# rule: max_pool2d_forward.window-maximum
def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    out = x.new_empty((N, C, (H - kh) // sh + 1, (W - kw) // sw + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] = x[:, :, i * kh : i * kh + kh, j * kw : j * kw + kw].amax(dim=(2, 3))
    return out, (x, (kh, kw), (sh, sw))
