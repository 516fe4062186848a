# mistake: dilate_kernel clamps a dilation below 1 to 1 (max(d, 1)) instead of raising ValueError
# caught-by: test_documented_errors
# message: a dilation is below 1
# rule: dilate_kernel.dilation-below-1
def dilate_kernel(K, d):
    dh, dw = (max(v, 1) for v in _pair(d))
    if K.dim() < 2:
        raise ValueError(f"need a kernel with at least two dims, got {tuple(K.shape)}")
    kh, kw = K.shape[-2:]
    out = K.new_zeros((*K.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1))
    out[..., ::dh, ::dw] = K
    return out
