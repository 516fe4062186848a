# mistake: padding adds p zeros around the output (as in a convolution) instead of cropping p
# caught-by: test_conv_transpose2d_matches_library
# message: padding added instead of cropped
import torch.nn.functional as _F


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    N, c_in, H, W = x.shape
    _, c_out, kh, kw = w.shape
    full = torch.zeros((N, c_out, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw), dtype=x.dtype)
    for i in range(H):
        for j in range(W):
            full[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += torch.einsum(
                "nc,cokl->nokl", x[:, :, i, j], w
            )
    return _F.pad(full, (pw, pw, ph, ph))
