# alternative: no loop over windows: Tensor.unfold views, argmax stored as flat indices, scatter_add_
def _windows(x, kh, kw, sh, sw):
    return x.unfold(2, kh, sh).unfold(3, kw, sw)  # (N, C, OH, OW, kh, kw)


def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    windows = _windows(x, kh, kw, sh, sw)
    OH, OW = windows.shape[2:4]
    flat = windows.reshape(N, C, OH, OW, kh * kw)
    out, where = flat.max(dim=-1)  # where: first maximum of each window
    rows = torch.arange(OH, device=x.device).view(OH, 1) * sh + torch.div(where, kw, rounding_mode="floor")
    cols = torch.arange(OW, device=x.device).view(1, OW) * sw + where % kw
    return out, {"shape": x.shape, "index": rows * W + cols}


def max_pool2d_backward(dout, cache):
    N, C, H, W = cache["shape"]
    dx = dout.new_zeros((N, C, H * W))
    dx.scatter_add_(2, cache["index"].reshape(N, C, -1), dout.reshape(N, C, -1))
    return dx.reshape(N, C, H, W)


def avg_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    return _windows(x, kh, kw, sh, sw).mean(dim=(-1, -2)), (tuple(x.shape), kh, kw, sh, sw)


def avg_pool2d_backward(dout, cache):
    shape, kh, kw, sh, sw = cache
    OH, OW = dout.shape[2:]
    dx = dout.new_zeros(shape)
    share = dout / (kh * kw)
    for a in range(kh):  # one strided slice per kernel offset: kh * kw shifted copies
        for b in range(kw):
            dx[:, :, a : a + sh * (OH - 1) + 1 : sh, b : b + sw * (OW - 1) + 1 : sw] += share
    return dx
