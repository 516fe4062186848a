# mistake: Conv2D.forward calls the library convolution instead of the hand-written one
# caught-by: test_no_library_convolution
# message: must not call
# rule: handout.no-library-convolution
import torch.nn.functional as F

_ReferenceConv2D = Conv2D


class Conv2D(_ReferenceConv2D):
    def forward(self, x):
        if x.dim() != 4:
            raise ValueError("need (N, C, H, W)")
        return F.conv2d(x, self.weight, self.bias)
