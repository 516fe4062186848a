# mistake: max_pool2d_forward keeps a running maximum in torch.full(shape, -inf, dtype=x.dtype),
# made without device=: on the CPU whatever x's device
# caught-by: test_device_kept
# message: stay on the input's device
# rule: max_pool2d_forward.device
def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    out = torch.full((N, C, (H - kh) // sh + 1, (W - kw) // sw + 1), float("-inf"), dtype=x.dtype)
    for a in range(kh):
        for b in range(kw):
            shifted = x[:, :, a : a + sh * (out.shape[2] - 1) + 1 : sh, b : b + sw * (out.shape[3] - 1) + 1 : sw]
            out = torch.maximum(out, shifted)
    return out, (x, (kh, kw), (sh, sw))
