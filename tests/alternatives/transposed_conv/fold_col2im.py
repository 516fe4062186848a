# alternative: one einsum to per-tap columns, then F.fold (col2im) adds the overlapping stamps
import torch.nn.functional as F


def trans_conv(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    cols = (X.reshape(1, -1) * K.to(X.dtype).reshape(-1, 1))[None]  # (1, kh*kw, H*W)
    return F.fold(cols, (X.shape[0] + h - 1, X.shape[1] + w - 1), (h, w))[0, 0]


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[0]:
        raise ValueError("need x (N, C_in, H, W) and w (C_in, C_out, kh, kw)")
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    N, c_in, H, W = x.shape
    _, c_out, kh, kw = w.shape
    out_h = conv_transpose_output_size(H, kh, sh, ph, oph)
    out_w = conv_transpose_output_size(W, kw, sw, pw, opw)
    cols = torch.einsum("nchw,cokl->noklhw", x, w.to(x.dtype)).reshape(N, c_out * kh * kw, H * W)
    full = F.fold(cols, ((H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw), (kh, kw),
                  stride=(sh, sw))
    return full[:, :, ph : ph + out_h, pw : pw + out_w]


def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    if n < 1 or k < 1 or stride < 1 or dilation < 1 or padding < 0 or output_padding < 0:
        raise ValueError("an argument is out of range")
    if output_padding >= max(stride, dilation):
        raise ValueError("output_padding must be smaller than the stride or the dilation")
    span = dilation * (k - 1) + 1  # the dilated kernel's extent
    size = n * stride - stride + span - 2 * padding + output_padding
    if size <= 0:
        raise ValueError("empty output")
    return size
