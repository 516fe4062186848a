# mistake: the textbook's one scalar bias, shape (1,), instead of one bias per output channel
# caught-by: test_parameters
# message: one bias per output channel
# rule: Conv2D.bias-shape
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def __init__(self, in_channels, out_channels, kernel_size, bias=True):
        super().__init__(in_channels, out_channels, kernel_size, bias=bias)
        if bias:
            self.bias = nn.Parameter(torch.zeros(1))
