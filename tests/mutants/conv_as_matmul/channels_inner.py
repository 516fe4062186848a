# mistake: im2col rows ordered kernel offsets outer, channels inner (not F.unfold's c*kh*kw + a*kw + b)
# caught-by: test_im2col_matches_unfold
# message: channels inner
# rule: im2col.layout
def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C, H, W = X.shape
    oh = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    Xp = X.new_zeros((N, C, H + 2 * ph, W + 2 * pw))
    Xp[:, :, ph : ph + H, pw : pw + W] = X
    taps = [
        Xp[:, :, a * dh : a * dh + sh * (oh - 1) + 1 : sh, b * dw : b * dw + sw * (ow - 1) + 1 : sw]
        for a in range(kh)
        for b in range(kw)
    ]
    return torch.stack(taps, dim=1).reshape(N, kh * kw * C, oh * ow)
