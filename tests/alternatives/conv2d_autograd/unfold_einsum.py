# alternative: sliding windows with Tensor.unfold and one einsum, in corr2d and in forward
def corr2d_differentiable(X, K):
    if X.dim() != 2 or K.dim() != 2 or K.shape[0] > X.shape[0] or K.shape[1] > X.shape[1]:
        raise ValueError("bad shapes")
    h, w = K.shape
    return torch.einsum("ijab,ab->ij", X.unfold(0, h, 1).unfold(1, w, 1), K.to(X.dtype))


class Conv2D(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, bias=True):
        super().__init__()
        kh, kw = (kernel_size,) * 2 if isinstance(kernel_size, int) else tuple(kernel_size)
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, kh, kw))
        nn.init.kaiming_uniform_(self.weight, a=5**0.5)
        self.bias = nn.Parameter(torch.empty(out_channels).uniform_(-0.1, 0.1)) if bias else None

    def forward(self, x):
        if x.ndim != 4:
            raise ValueError("Conv2D needs (N, C, H, W)")
        kh, kw = self.weight.shape[-2:]
        if x.shape[1] != self.weight.shape[1] or x.shape[2] < kh or x.shape[3] < kw:
            raise ValueError("wrong channels, or input smaller than the kernel")
        windows = x.unfold(2, kh, 1).unfold(3, kw, 1)  # (N, C, H', W', kh, kw)
        y = torch.einsum("nchwab,ocab->nohw", windows, self.weight)
        return y if self.bias is None else y + self.bias[None, :, None, None]
