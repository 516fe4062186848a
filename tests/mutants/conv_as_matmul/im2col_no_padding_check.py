# mistake: im2col checks every argument but the padding (padding -1 is not refused)
# caught-by: test_errors
# message: the padding is negative
# rule: im2col.padding-not-negative
def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if X.dim() != 4:
        raise ValueError("X must be 4-D")
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    checks = {"stride": min(sh, sw) < 1, "padding": min(ph, pw) < 0, "dilation": min(dh, dw) < 1}
    if any(bad for name, bad in checks.items() if name != "padding"):
        raise ValueError("argument out of range")
    N, C, H, W = X.shape
    oh = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    if oh < 1 or ow < 1:
        raise ValueError("the dilated kernel is larger than the padded input")
    Xp = X.new_zeros((N, C, H + 2 * ph, W + 2 * pw))
    Xp[:, :, ph : ph + H, pw : pw + W] = X
    taps = [
        Xp[:, :, a * dh : a * dh + sh * (oh - 1) + 1 : sh, b * dw : b * dw + sw * (ow - 1) + 1 : sw]
        for a in range(kh)
        for b in range(kw)
    ]
    return torch.stack(taps, dim=2).reshape(N, C * kh * kw, oh * ow)
