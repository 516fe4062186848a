# mistake: builds the dilated kernel in torch.zeros(shape), float32 whatever K's dtype
# caught-by: test_dtype_kept
# message: float32 zeros tensor
# rule: dilate_kernel.dtype
def dilate_kernel(K, d):
    dh, dw = _pair(d)
    kh, kw = K.shape[-2:]
    out = torch.zeros((*K.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1), device=K.device)
    out[..., ::dh, ::dw] = K
    return out
