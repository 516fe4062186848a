# mistake: dilates the first two dims (K.shape[0], K.shape[1]): right for 2-D kernels only
# caught-by: test_dilate_kernel_4d
# message: LAST two dims
# rule: dilate_kernel.last-two-dims
def dilate_kernel(K, d):
    dh, dw = _pair(d)
    kh, kw = K.shape[0], K.shape[1]
    out = torch.zeros(((kh - 1) * dh + 1, (kw - 1) * dw + 1), dtype=K.dtype, device=K.device)
    out[::dh, ::dw] = K
    return out
