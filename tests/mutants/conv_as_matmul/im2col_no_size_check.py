# mistake: im2col does not check that the dilated kernel fits the padded input: it returns no windows, silently
# caught-by: test_errors
# message: the dilated kernel is larger than the padded input
# rule: im2col.kernel-larger
def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if X.dim() != 4:
        raise ValueError("X must be 4-D")
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    if min(sh, sw, dh, dw) < 1 or min(ph, pw) < 0:
        raise ValueError("argument out of range")
    N, C, H, W = X.shape
    oh = max((H + 2 * ph - dh * (kh - 1) - 1) // sh + 1, 0)
    ow = max((W + 2 * pw - dw * (kw - 1) - 1) // sw + 1, 0)
    Xp = X.new_zeros((N, C, H + 2 * ph, W + 2 * pw))
    Xp[:, :, ph : ph + H, pw : pw + W] = X
    taps = [
        Xp[:, :, a * dh : a * dh + sh * (oh - 1) + 1 : sh, b * dw : b * dw + sw * (ow - 1) + 1 : sw]
        if oh and ow
        else Xp.new_zeros((N, C, oh, ow))
        for a in range(kh)
        for b in range(kw)
    ]
    return torch.stack(taps, dim=2).reshape(N, C * kh * kw, oh * ow)
