# mistake: allocates M with torch.zeros(shape, device=K.device), float32 whatever K's dtype
# caught-by: test_kernel_matrix_dtype_and_gradient
# message: same dtype as K
# rule: kernel_matrix.dtype
def kernel_matrix(K, H, W):
    if K.dim() != 2:
        raise ValueError("K must be 2-D")
    kh, kw = K.shape
    if kh > H or kw > W:
        raise ValueError("kernel larger than the input")
    oh, ow = H - kh + 1, W - kw + 1
    M = torch.zeros((oh * ow, H * W), device=K.device)
    for i in range(oh):
        for j in range(ow):
            M[i * ow + j].view(H, W)[i : i + kh, j : j + kw] = K
    return M
