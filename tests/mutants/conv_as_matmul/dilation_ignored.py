# mistake: ignores dilation: adjacent taps and the undilated output size
# caught-by: test_im2col_matches_unfold
# message: dilation ignored
# rule: im2col.dilation
def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    N, C, H, W = X.shape
    oh = (H + 2 * ph - kh) // sh + 1
    ow = (W + 2 * pw - kw) // sw + 1
    Xp = X.new_zeros((N, C, H + 2 * ph, W + 2 * pw))
    Xp[:, :, ph : ph + H, pw : pw + W] = X
    taps = [
        Xp[:, :, a : a + sh * (oh - 1) + 1 : sh, b : b + sw * (ow - 1) + 1 : sw]
        for a in range(kh)
        for b in range(kw)
    ]
    return torch.stack(taps, dim=2).reshape(N, C * kh * kw, oh * ow)
