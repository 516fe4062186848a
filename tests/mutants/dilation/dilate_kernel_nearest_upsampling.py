# mistake: dilate_kernel repeats every tap (nearest-neighbour upsampling) instead of inserting zeros
# caught-by: test_dilate_kernel_random
# message: zeros everywhere else
# rule: dilate_kernel.zeros-elsewhere
def dilate_kernel(K, d):
    dh, dw = _pair(d)
    kh, kw = K.shape[-2:]
    out = K.repeat_interleave(dh, dim=-2).repeat_interleave(dw, dim=-1)
    return out[..., : (kh - 1) * dh + 1, : (kw - 1) * dw + 1].clone()
