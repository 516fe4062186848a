# mistake: dilate_kernel refuses dilation 1 ("no dilation"), though every dilation at least 1 is valid
# caught-by: test_dilation_one_is_ordinary
# message: each at least 1
# rule: dilate_kernel.dilation-at-least-1
def dilate_kernel(K, d):
    dh, dw = _pair(d)
    if dh < 2 or dw < 2:
        raise ValueError(f"dilation 1 is no dilation, got {d}")
    kh, kw = K.shape[-2:]
    out = K.new_zeros((*K.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1))
    out[..., ::dh, ::dw] = K
    return out
