# mistake: with bias=False, keeps a bias parameter of zeros instead of setting self.bias = None
# caught-by: test_parameters
# message: self.bias = None
# rule: Conv2D.bias-none
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def __init__(self, in_channels, out_channels, kernel_size, bias=True):
        super().__init__(in_channels, out_channels, kernel_size, bias=True)
        if not bias:
            self.bias = nn.Parameter(torch.zeros(out_channels))
