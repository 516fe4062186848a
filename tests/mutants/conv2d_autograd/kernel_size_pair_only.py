# mistake: unpacks kernel_size as a pair, so an int k (meaning (k, k)) is refused
# caught-by: test_parameters
# message: an int k means a (k, k) kernel
# rule: Conv2D.kernel-size
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def __init__(self, in_channels, out_channels, kernel_size, bias=True):
        kh, kw = kernel_size
        super().__init__(in_channels, out_channels, (kh, kw), bias=bias)
