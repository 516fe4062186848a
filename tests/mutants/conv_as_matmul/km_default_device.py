# mistake: allocates M with torch.zeros(shape, dtype=K.dtype) and no device: on a GPU it is on the CPU
# caught-by: test_meta_device
# message: not on K's device
# rule: kernel_matrix.device
def kernel_matrix(K, H, W):
    if K.dim() != 2:
        raise ValueError("K must be 2-D")
    kh, kw = K.shape
    if kh > H or kw > W:
        raise ValueError("kernel larger than the input")
    oh, ow = H - kh + 1, W - kw + 1
    M = torch.zeros((oh * ow, H * W), dtype=K.dtype)
    for i in range(oh):
        for j in range(ow):
            M[i * ow + j].view(H, W)[i : i + kh, j : j + kw] = K
    return M
