# mistake: the weight is a plain tensor with requires_grad=True, not an nn.Parameter: the module does not own it
# caught-by: test_parameters
# message: not a parameter
# rule: Conv2D.weight-parameter
_ReferenceConv2D = Conv2D


class Conv2D(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, bias=True):
        super().__init__()
        kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
        self.weight = torch.rand(out_channels, in_channels, kh, kw, requires_grad=True)
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None

    forward = _ReferenceConv2D.forward
