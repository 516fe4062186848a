# alternative: a hand-written layer class with forward/backward methods (as CS231n teaches); the layer is the cache and the backward functions call cache.backward(dout)
class Pool2d:
    """One pooling layer: forward keeps what backward needs, backward routes dout."""

    def __init__(self, kind, kernel_size, stride=None):
        self.kind = kind
        self.kh, self.kw = _pair(kernel_size)
        self.sh, self.sw = _pair(kernel_size if stride is None else stride)

    def windows(self, out_h, out_w):
        for i in range(out_h):
            for j in range(out_w):
                rows = slice(i * self.sh, i * self.sh + self.kh)
                yield i, j, rows, slice(j * self.sw, j * self.sw + self.kw)

    def forward(self, x):
        N, C, H, W = x.shape
        if self.kh > H or self.kw > W:
            raise ValueError(f"window ({self.kh}, {self.kw}) is larger than the input ({H}, {W})")
        out_h, out_w = (H - self.kh) // self.sh + 1, (W - self.kw) // self.sw + 1
        out = x.new_empty((N, C, out_h, out_w))
        self.shape, self.firsts = x.shape, {}
        for i, j, rows, cols in self.windows(out_h, out_w):
            window = x[:, :, rows, cols].reshape(N, C, self.kh * self.kw)
            if self.kind == "max":
                first = window.argmax(dim=2, keepdim=True)  # the first maximum, row-major
                self.firsts[i, j] = first
                out[:, :, i, j] = window.gather(2, first)[:, :, 0]
            else:
                out[:, :, i, j] = window.mean(dim=2)
        return out

    def backward(self, dout):
        N, C = self.shape[:2]
        dx = torch.zeros(self.shape, dtype=dout.dtype, device=dout.device)
        for i, j, rows, cols in self.windows(dout.shape[2], dout.shape[3]):
            if self.kind == "max":
                share = dout.new_zeros((N, C, self.kh * self.kw))
                share.scatter_(2, self.firsts[i, j], dout[:, :, i, j, None])
            else:
                share = (dout[:, :, i, j, None] / (self.kh * self.kw)).expand(
                    N, C, self.kh * self.kw
                )
            dx[:, :, rows, cols] += share.reshape(N, C, self.kh, self.kw)
        return dx


def max_pool2d_forward(x, kernel_size, stride=None):
    layer = Pool2d("max", kernel_size, stride)
    return layer.forward(x), layer


def max_pool2d_backward(dout, cache):
    return cache.backward(dout)


def avg_pool2d_forward(x, kernel_size, stride=None):
    layer = Pool2d("avg", kernel_size, stride)
    return layer.forward(x), layer


def avg_pool2d_backward(dout, cache):
    return cache.backward(dout)
