# mistake: adds the bias (O,) to the (N, O, H', W') output without reshape: it broadcasts along the width
# caught-by: test_forward_matches_conv2d
# message: reshape(1, -1, 1, 1)
# rule: Conv2D.forward.formula
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def forward(self, x):
        if x.dim() != 4:
            raise ValueError("need (N, C, H, W)")
        o, c, kh, kw = self.weight.shape
        oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
        y = x.new_zeros((x.shape[0], o, oh, ow))
        for a in range(kh):
            for b in range(kw):
                y = y + torch.einsum("nchw,oc->nohw", x[:, :, a : a + oh, b : b + ow],
                                     self.weight[:, :, a, b])
        if self.bias is not None:
            y = y + self.bias
        return y
