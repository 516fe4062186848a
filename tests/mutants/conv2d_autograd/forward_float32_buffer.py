# mistake: forward loops over n, o, c into y = torch.zeros(shape), a float32 buffer: a float64 layer gives float32
# caught-by: test_forward_matches_conv2d
# message: dtype torch.float32, expected torch.float64
# rule: Conv2D.forward.dtype
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def forward(self, x):
        if x.dim() != 4:
            raise ValueError("need (N, C, H, W)")
        n, c, height, width = x.shape
        o, c_w, kh, kw = self.weight.shape
        if c != c_w or kh > height or kw > width:
            raise ValueError("bad input")
        y = torch.zeros((n, o, height - kh + 1, width - kw + 1))
        for i in range(n):
            for j in range(o):
                for k in range(c):
                    y[i, j] += corr2d_differentiable(x[i, k], self.weight[j, k])
                if self.bias is not None:
                    y[i, j] += self.bias[j]
        return y
