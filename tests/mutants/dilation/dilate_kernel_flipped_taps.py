# mistake: dilate_kernel places the taps of the flipped kernel: out[a*dh, b*dw] = K[kh-1-a, kw-1-b]
# caught-by: test_dilate_kernel_random
# message: goes to out[..., a*dh, b*dw]
# rule: dilate_kernel.taps
def dilate_kernel(K, d):
    dh, dw = _pair(d)
    kh, kw = K.shape[-2:]
    out = K.new_zeros((*K.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1))
    out[..., ::dh, ::dw] = K.flip(-2, -1)
    return out
