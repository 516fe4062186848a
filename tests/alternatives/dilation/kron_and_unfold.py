# alternative: dilate_kernel with torch.kron and a crop; corr2d_dilated vectorised with
# Tensor.unfold windows, strided slicing and one einsum; math.floor for the size
import math


def dilate_kernel(K, d):
    dh, dw = (d, d) if isinstance(d, int) else d
    if dh < 1 or dw < 1 or K.dim() < 2:
        raise ValueError("need a dilation of at least 1 and a kernel with two dims")
    kh, kw = K.shape[-2:]
    spot = torch.zeros((dh, dw), dtype=K.dtype, device=K.device)
    spot[0, 0] = 1
    spread = torch.kron(K, spot)  # (..., kh*dh, kw*dw), taps at multiples of d
    return spread[..., : (kh - 1) * dh + 1, : (kw - 1) * dw + 1].clone()


def corr2d_dilated(X, K, dilation):
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else dilation
    if dh < 1 or dw < 1:
        raise ValueError("dilation below 1")
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    eh, ew = dh * (K.shape[0] - 1) + 1, dw * (K.shape[1] - 1) + 1
    if eh > X.shape[0] or ew > X.shape[1]:
        raise ValueError("effective kernel larger than input")
    windows = X.unfold(0, eh, 1).unfold(1, ew, 1)[..., ::dh, ::dw]  # (oh, ow, kh, kw)
    return torch.einsum("ijab,ab->ij", windows, K.to(X.dtype))


def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    if min(n, k, stride, dilation) < 1 or padding < 0:
        raise ValueError("argument out of range")
    span = n + 2 * padding - dilation * (k - 1) - 1
    if span < 0:
        raise ValueError("effective kernel longer than the padded input")
    return math.floor(span / stride) + 1
