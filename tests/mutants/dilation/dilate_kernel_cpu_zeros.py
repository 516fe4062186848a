# mistake: dilate_kernel allocates with torch.zeros(shape, dtype=K.dtype): on the CPU whatever K's device
# caught-by: test_device_kept
# message: on K's device
# rule: dilate_kernel.device
def dilate_kernel(K, d):
    dh, dw = _pair(d)
    kh, kw = K.shape[-2:]
    out = torch.zeros((*K.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1), dtype=K.dtype)
    out[..., ::dh, ::dw] = K
    return out
