# mistake: the output size without the "- 1 ... + 1": o = (n + 2p - d*(k - 1)) // s, one window short for an odd span and s > 1
# caught-by: test_im2col_matches_unfold
# message: o = floor((n + 2p - d*(k-1) - 1) / s) + 1
# rule: im2col.size
def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if X.dim() != 4:
        raise ValueError("X must be 4-D")
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    if min(sh, sw, dh, dw) < 1 or min(ph, pw) < 0:
        raise ValueError("argument out of range")
    N, C, H, W = X.shape
    oh = (H + 2 * ph - dh * (kh - 1)) // sh
    ow = (W + 2 * pw - dw * (kw - 1)) // sw
    if oh < 1 or ow < 1:
        raise ValueError("kernel larger than the padded input")
    Xp = X.new_zeros((N, C, H + 2 * ph, W + 2 * pw))
    Xp[:, :, ph : ph + H, pw : pw + W] = X
    taps = [
        Xp[:, :, a * dh : a * dh + sh * (oh - 1) + 1 : sh, b * dw : b * dw + sw * (ow - 1) + 1 : sw]
        for a in range(kh)
        for b in range(kw)
    ]
    return torch.stack(taps, dim=2).reshape(N, C * kh * kw, oh * ow)
