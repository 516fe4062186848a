# mistake: forward's output is H - kh by W - kw, one row and one column short
# caught-by: test_forward_matches_conv2d
# message: one row short
# rule: Conv2D.forward.shape
_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def forward(self, x):
        return super().forward(x)[:, :, :-1, :-1]
