# alternative: im2col by advanced indexing with index grids; M from Kronecker products of shift
# matrices; the layer with one tensordot
def kernel_matrix(K, H, W):
    if K.dim() != 2 or K.shape[0] > H or K.shape[1] > W:
        raise ValueError("K must be 2-D and fit in (H, W)")
    kh, kw = K.shape
    oh, ow = H - kh + 1, W - kw + 1
    M = K.new_zeros((oh * ow, H * W))
    for a in range(kh):
        S = K.new_zeros((oh, H))
        S[torch.arange(oh), torch.arange(oh) + a] = 1
        for b in range(kw):
            T = K.new_zeros((ow, W))
            T[torch.arange(ow), torch.arange(ow) + b] = 1
            M = M + K[a, b] * torch.kron(S, T)  # 1 at (i*ow + j, (i+a)*W + (j+b))
    return M


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if X.dim() != 4:
        raise ValueError("X must be (N, C, H, W)")
    if min(*_pair(stride), *_pair(dilation)) < 1 or min(_pair(padding)) < 0:
        raise ValueError("stride and dilation must be positive, padding not negative")
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C, H, W = X.shape
    oh = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    if oh < 1 or ow < 1:
        raise ValueError("the dilated kernel is larger than the padded input")
    Xp = torch.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=X.dtype, device=X.device)
    Xp[..., ph : ph + H, pw : pw + W] = X
    a = torch.arange(kh).repeat_interleave(kw)  # tap (a, b) in row-major order
    b = torch.arange(kw).repeat(kh)
    i = torch.arange(oh).repeat_interleave(ow)  # window (i, j) in row-major order
    j = torch.arange(ow).repeat(oh)
    rows = i[None, :] * sh + a[:, None] * dh  # (kh*kw, L)
    cols = j[None, :] * sw + b[:, None] * dw
    return Xp[:, :, rows, cols].reshape(N, C * kh * kw, oh * ow)


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    if X.dim() != 4 or W.dim() != 4 or X.shape[1] != W.shape[1]:
        raise ValueError("X (N, C, H, W) and W (O, C, kh, kw) must have the same C")
    N = X.shape[0]
    O, C, kh, kw = W.shape
    cols = im2col(X, kh, kw, stride, padding, dilation)
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    oh = (X.shape[2] + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    Y = torch.tensordot(W.reshape(O, -1), cols, dims=([1], [1])).permute(1, 0, 2)  # (N, O, L)
    if b is not None:
        Y = Y + b.reshape(1, O, 1)
    return Y.reshape(N, O, oh, -1)
