# alternative: the textbook equivalence: insert zeros between inputs, pad, correlate with the flipped kernel
def _correlate(padded, kernel):
    """(N, C, H, W) correlated with (O, C, kh, kw), stride 1, via Tensor.unfold views."""
    kh, kw = kernel.shape[-2:]
    windows = padded.unfold(2, kh, 1).unfold(3, kw, 1)  # (N, C, oh, ow, kh, kw)
    return torch.einsum("ncijab,ocab->noij", windows, kernel)


def trans_conv(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("2-D only")
    return conv_transpose2d(X[None, None], K[None, None])[0, 0]


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[0]:
        raise ValueError("need x (N, C_in, H, W) and w (C_in, C_out, kh, kw)")
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    if oph >= sh or opw >= sw or oph < 0 or opw < 0 or ph < 0 or pw < 0:
        raise ValueError("output_padding must be smaller than the stride; padding >= 0")
    N, C, H, W = x.shape
    kh, kw = w.shape[-2:]
    if (H - 1) * sh - 2 * ph + kh + oph < 1 or (W - 1) * sw - 2 * pw + kw + opw < 1:
        raise ValueError("the output would be empty")
    dilated = x.new_zeros((N, C, (H - 1) * sh + 1, (W - 1) * sw + 1))
    dilated[:, :, ::sh, ::sw] = x
    # Full padding k - 1, then undo `padding` and add `output_padding` at the bottom/right.
    top, left = kh - 1 - ph, kw - 1 - pw
    padded = torch.nn.functional.pad(dilated, (left, left + opw, top, top + oph))
    return _correlate(padded, w.to(x.dtype).flip(2, 3).transpose(0, 1))
