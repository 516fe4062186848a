# mistake: avg_pool2d_forward takes kernel_size as one int k (square windows only): a pair fails
# caught-by: test_accepted_arguments
# message: kernel_size as a (kh, kw) pair
# rule: avg_pool2d_forward.kernel-forms
def avg_pool2d_forward(x, kernel_size, stride=None):
    k = kernel_size
    sh, sw = _pair(k if stride is None else stride)
    N, C, H, W = x.shape
    out = x.new_empty((N, C, (H - k) // sh + 1, (W - k) // sw + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] = x[:, :, i * sh : i * sh + k, j * sw : j * sw + k].mean(dim=(2, 3))
    return out, (x.shape, (k, k), (sh, sw))
