# mistake: forward has no x.dim() check and reads a 3-D input (C, H, W) as one image, silently
# caught-by: test_non_4d_input_raises
# message: expected ValueError
# rule: Conv2D.forward.not-4d
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def forward(self, x):
        o, c, kh, kw = self.weight.shape
        oh, ow = x.shape[-2] - kh + 1, x.shape[-1] - kw + 1
        y = 0
        for a in range(kh):
            for b in range(kw):
                y = y + torch.einsum("...chw,oc->...ohw", x[..., a : a + oh, b : b + ow],
                                     self.weight[:, :, a, b])
        if self.bias is not None:
            y = y + self.bias.reshape(-1, 1, 1)
        return y
