# mistake: the output has (H - kh) // sh windows along H (and W), one short: the + 1 is missing
# caught-by: test_forward_matches_library
# message: one row short
# rule: max_pool2d_forward.shape
def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    out = x.new_zeros((N, C, (H - kh) // sh, (W - kw) // sw))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].amax(dim=(2, 3))
    return out, (x, (kh, kw), (sh, sw))
