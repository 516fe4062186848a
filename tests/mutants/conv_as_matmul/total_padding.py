# mistake: treats padding as the total over both sides (p // 2 on top, the rest below), not per side
# caught-by: test_im2col_matches_unfold
# message: per side
# rule: im2col.padding-per-side
def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C, H, W = X.shape
    Hp, Wp = H + ph, W + pw
    oh = (Hp - dh * (kh - 1) - 1) // sh + 1
    ow = (Wp - dw * (kw - 1) - 1) // sw + 1
    Xp = X.new_zeros((N, C, Hp, Wp))
    Xp[:, :, ph // 2 : ph // 2 + H, pw // 2 : pw // 2 + W] = X
    taps = [
        Xp[:, :, a * dh : a * dh + sh * (oh - 1) + 1 : sh, b * dw : b * dw + sw * (ow - 1) + 1 : sw]
        for a in range(kh)
        for b in range(kw)
    ]
    return torch.stack(taps, dim=2).reshape(N, C * kh * kw, oh * ow)
