# mistake: computes the layer as the input gradient of F.conv2d with torch.autograd.grad
# caught-by: test_no_library_transposed_convolution
# message: must not call
# rule: handout.transposed_conv-no-autograd
import torch.nn.functional as F


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[0]:
        raise ValueError("x (N, C_in, H, W) and w (C_in, C_out, kh, kw) do not fit")
    settings = zip(
        x.shape[2:], w.shape[2:], _pair(stride), _pair(padding), _pair(output_padding), strict=True
    )
    for n, k, s, p, o in settings:
        conv_transpose_output_size(n, k, s, p, o)  # the settings' own checks
    w = w.to(x.dtype)
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    N, _, H, W = x.shape
    _, c_out, kh, kw = w.shape
    size = ((H - 1) * sh - 2 * ph + kh + oph, (W - 1) * sw - 2 * pw + kw + opw)
    probe = torch.zeros((N, c_out, *size), dtype=x.dtype, device=x.device, requires_grad=True)
    y = F.conv2d(probe, w, None, stride, padding)
    (grad,) = torch.autograd.grad(y, probe, x, create_graph=True)
    return grad
