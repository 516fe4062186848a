# mistake: forward sums over the channels the input has, so an input with fewer channels than the weight is accepted
# caught-by: test_forward_errors
# message: has the wrong number of channels
# rule: Conv2D.forward.channels
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def forward(self, x):
        if x.dim() != 4:
            raise ValueError("need (N, C, H, W)")
        c = x.shape[1]
        o, _, kh, kw = self.weight.shape
        if c > self.weight.shape[1]:
            x = x[:, : self.weight.shape[1]]
        oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
        y = x.new_zeros((x.shape[0], o, oh, ow))
        for a in range(kh):
            for b in range(kw):
                y = y + torch.einsum("nchw,oc->nohw", x[:, :, a : a + oh, b : b + ow],
                                     self.weight[:, : x.shape[1], a, b])
        if self.bias is not None:
            y = y + self.bias.reshape(1, -1, 1, 1)
        return y
