# mistake: dilate_kernel takes d as an int only (dh = dw = d), so a (dh, dw) pair fails
# caught-by: test_dilation_int_or_pair
# message: int or (dh, dw)
# rule: dilate_kernel.int-or-pair
def dilate_kernel(K, d):
    dh = dw = d
    kh, kw = K.shape[-2:]
    out = K.new_zeros((*K.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1))
    out[..., ::dh, ::dw] = K
    return out
