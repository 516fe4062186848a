# mistake: computes the layer as the input gradient of F.conv2d with torch.autograd.grad
# caught-by: test_no_library_transposed_convolution
# message: must not call
import torch.nn.functional as F


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    N, _, H, W = x.shape
    _, c_out, kh, kw = w.shape
    size = ((H - 1) * sh - 2 * ph + kh + oph, (W - 1) * sw - 2 * pw + kw + opw)
    probe = torch.zeros((N, c_out, *size), dtype=x.dtype, requires_grad=True)
    y = F.conv2d(probe, w, None, stride, padding)
    (grad,) = torch.autograd.grad(y, probe, x, create_graph=True)
    return grad
