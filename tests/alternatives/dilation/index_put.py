# alternative: dilate_kernel via a view of the zeros with the taps as their own dims
# (reshape (.., kh*dh, kw*dw) -> (.., kh, dh, kw, dw), write [.., :, 0, :, 0], crop)
def dilate_kernel(K, d):
    dh, dw = (d, d) if isinstance(d, int) else d
    if dh < 1 or dw < 1 or K.dim() < 2:
        raise ValueError("bad dilation or kernel")
    *lead, kh, kw = K.shape
    big = K.new_zeros((*lead, kh, dh, kw, dw))
    big[..., :, 0, :, 0] = K
    return big.reshape(*lead, kh * dh, kw * dw)[..., : (kh - 1) * dh + 1, : (kw - 1) * dw + 1]
