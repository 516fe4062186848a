# mistake: unpacks a non-square kernel as (kw, kh): right only for square windows
# caught-by: test_forward_matches_library
# message: height and width swapped
# rule: max_pool2d_forward.shape
def max_pool2d_forward(x, kernel_size, stride=None):
    kw, kh = _pair(kernel_size)
    sw, sh = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    out = x.new_zeros((N, C, (H - kh) // sh + 1, (W - kw) // sw + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].amax(dim=(2, 3))
    return out, (x, (kh, kw), (sh, sw))
