# mistake: avg_pool2d_forward keeps a partial window at the edge (ceil instead of floor): the
# slices are cut short and their mean is taken anyway
# caught-by: test_forward_matches_library
# message: there is no padding
# rule: avg_pool2d_forward.no-padding
def avg_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    out = x.new_empty((N, C, -(-(H - kh) // sh) + 1, -(-(W - kw) // sw) + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].mean(dim=(2, 3))
    return out, (x.shape, (kh, kw), (sh, sw))
