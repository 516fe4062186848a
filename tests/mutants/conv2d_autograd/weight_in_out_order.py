# mistake: the weight is laid out (in_channels, out_channels, kh, kw), inputs first
# caught-by: test_parameters
# message: output channels first
# rule: Conv2D.weight-shape
class Conv2D(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, bias=True):
        super().__init__()
        kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
        self.weight = nn.Parameter(torch.rand(in_channels, out_channels, kh, kw) - 0.5)
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None

    def forward(self, x):
        if x.dim() != 4:
            raise ValueError("need (N, C, H, W)")
        c, o, kh, kw = self.weight.shape
        oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
        y = x.new_zeros((x.shape[0], o, oh, ow))
        for a in range(kh):
            for b in range(kw):
                y = y + torch.einsum("nchw,co->nohw", x[:, :, a : a + oh, b : b + ow],
                                     self.weight[:, :, a, b])
        if self.bias is not None:
            y = y + self.bias.reshape(1, -1, 1, 1)
        return y
