# mistake: forward does not check that the kernel fits: a 1-row input for a 2-row kernel gives an empty output
# caught-by: test_forward_errors
# message: is smaller than the kernel
# rule: Conv2D.forward.kernel-larger
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def forward(self, x):
        if x.dim() != 4:
            raise ValueError("need (N, C, H, W)")
        if x.shape[1] != self.weight.shape[1]:
            raise ValueError("wrong number of channels")
        o, _, kh, kw = self.weight.shape
        oh, ow = max(x.shape[2] - kh + 1, 0), max(x.shape[3] - kw + 1, 0)
        y = x.new_zeros((x.shape[0], o, oh, ow))
        for a in range(kh):
            for b in range(kw):
                y = y + torch.einsum("nchw,oc->nohw", x[:, :, a : a + oh, b : b + ow],
                                     self.weight[:, :, a, b])
        if self.bias is not None:
            y = y + self.bias.reshape(1, -1, 1, 1)
        return y
