# mistake: dilate_kernel takes a 1-D kernel for a row (1, k) instead of raising ValueError
# caught-by: test_documented_errors
# message: K has fewer than two dims
# rule: dilate_kernel.kernel-not-2d
def dilate_kernel(K, d):
    dh, dw = _pair(d)
    if dh < 1 or dw < 1:
        raise ValueError(f"dilation must be at least 1, got {d}")
    if K.dim() < 2:
        K = K.reshape(1, -1)
    kh, kw = K.shape[-2:]
    out = K.new_zeros((*K.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1))
    out[..., ::dh, ::dw] = K
    return out
