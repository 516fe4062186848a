# alternative: the cache is an object holding one first-maximum mask per window (equality mask and
# cumsum), computed in the forward; the backward accumulates in float64 and casts back
class PoolCache:
    def __init__(self, shape, kernel, stride, masks):
        self.shape, self.kernel, self.stride, self.masks = shape, kernel, stride, masks


def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    OH, OW = (H - kh) // sh + 1, (W - kw) // sw + 1
    out = x.new_zeros((N, C, OH, OW))
    masks = {}
    for i in range(OH):
        for j in range(OW):
            window = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].reshape(N, C, -1)
            top = window.max(dim=-1, keepdim=True).values
            ties = window == top
            masks[i, j] = ties & (ties.cumsum(dim=-1) == 1)  # keep the first maximum only
            out[:, :, i, j] = top[..., 0]
    return out, PoolCache(x.shape, (kh, kw), (sh, sw), masks)


def max_pool2d_backward(dout, cache):
    (kh, kw), (sh, sw) = cache.kernel, cache.stride
    N, C = cache.shape[:2]
    dx = torch.zeros(cache.shape, dtype=torch.float64, device=dout.device)
    for (i, j), mask in cache.masks.items():
        part = mask.to(torch.float64) * dout[:, :, i, j, None].to(torch.float64)
        dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += part.reshape(N, C, kh, kw)
    return dx.to(dout.dtype)


def avg_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    OH, OW = (H - kh) // sh + 1, (W - kw) // sw + 1
    sums = torch.stack(
        [torch.stack([x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].sum(dim=(2, 3))
                      for j in range(OW)], dim=-1) for i in range(OH)],
        dim=-2,
    )
    return sums / (kh * kw), PoolCache(x.shape, (kh, kw), (sh, sw), None)


def avg_pool2d_backward(dout, cache):
    (kh, kw), (sh, sw) = cache.kernel, cache.stride
    dx = torch.zeros(cache.shape, dtype=torch.float64, device=dout.device)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += (
                dout[:, :, i, j].to(torch.float64)[:, :, None, None] / (kh * kw)
            )
    return dx.to(dout.dtype)
