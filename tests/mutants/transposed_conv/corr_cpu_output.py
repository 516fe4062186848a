# mistake: allocates Y without device=: on the CPU whatever X's device
# caught-by: test_zero_insertion_dtype_and_device
# message: device
# rule: trans_conv_by_correlation.device
def trans_conv_by_correlation(X, K, stride=1, padding=0, output_padding=0):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    (sh, sw), (ph, pw), (oh, ow) = _pair(stride), _pair(padding), _pair(output_padding)
    if min(sh, sw) < 1 or min(ph, pw, oh, ow) < 0:
        raise ValueError("an argument is out of range")
    if oh >= sh or ow >= sw:
        raise ValueError("output_padding must be smaller than the stride")
    (H, W), (kh, kw) = X.shape, K.shape
    out_h, out_w = (H - 1) * sh - 2 * ph + kh + oh, (W - 1) * sw - 2 * pw + kw + ow
    if out_h < 1 or out_w < 1:
        raise ValueError("the output would be empty")
    top, left = kh - 1 - ph, kw - 1 - pw
    P = F.pad(zero_insert(X, (sh, sw)), (left, left + ow, top, top + oh))
    flipped = K.to(X.dtype).flip(0, 1)
    Y = torch.zeros((out_h, out_w), dtype=X.dtype)
    for a in range(kh):
        for b in range(kw):
            Y = Y + flipped[a, b] * P[a : a + out_h, b : b + out_w]
    return Y
