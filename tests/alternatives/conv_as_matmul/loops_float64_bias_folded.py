# alternative: naive loops over output positions, computed in float64 and cast back; the bias
# folded into the one matrix product as an extra row of ones
def kernel_matrix(K, H, W):
    if K.dim() != 2 or K.shape[0] > H or K.shape[1] > W:
        raise ValueError("K must be 2-D and fit in (H, W)")
    kh, kw = K.shape
    oh, ow = H - kh + 1, W - kw + 1
    M = torch.zeros((oh * ow, H * W), dtype=torch.float64, device=K.device)
    K64 = K.to(torch.float64)
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                M[i * ow + j, (i + a) * W + j : (i + a) * W + j + kw] = K64[a]
    return M.to(K.dtype)


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if X.dim() != 4:
        raise ValueError("X must be (N, C, H, W)")
    if min(*_pair(stride), *_pair(dilation)) < 1 or min(_pair(padding)) < 0:
        raise ValueError("stride and dilation must be positive, padding not negative")
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C, H, W = X.shape
    Xp = torch.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=torch.float64, device=X.device)
    Xp[:, :, ph : ph + H, pw : pw + W] = X.to(torch.float64)
    oh = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    if oh < 1 or ow < 1:
        raise ValueError("the dilated kernel is larger than the padded input")
    columns = []
    for i in range(oh):
        for j in range(ow):
            window = Xp[
                :,
                :,
                i * sh : i * sh + dh * (kh - 1) + 1 : dh,
                j * sw : j * sw + dw * (kw - 1) + 1 : dw,
            ]
            columns.append(window.reshape(N, C * kh * kw))
    return torch.stack(columns, dim=-1).to(X.dtype)


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    if X.dim() != 4 or W.dim() != 4 or X.shape[1] != W.shape[1]:
        raise ValueError("X (N, C, H, W) and W (O, C, kh, kw) must have the same C")
    N = X.shape[0]
    O, C, kh, kw = W.shape
    cols = im2col(X, kh, kw, stride, padding, dilation)  # (N, C*kh*kw, L)
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    oh = (X.shape[2] + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    weights = W.reshape(O, -1)
    if b is not None:
        cols = torch.cat([cols, cols.new_ones((N, 1, cols.shape[-1]))], dim=1)
        weights = torch.cat([weights, b.reshape(O, 1)], dim=1)
    # All samples side by side: (K, N*L), one product, then back to (N, O, L).
    flat = cols.permute(1, 0, 2).reshape(cols.shape[1], -1)
    Y = (weights @ flat).reshape(O, N, -1).permute(1, 0, 2)
    return Y.reshape(N, O, oh, -1)
