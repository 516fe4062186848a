# mistake: kernel_matrix does not check that K fits: a kernel taller than the input gives an empty matrix
# caught-by: test_errors
# message: K is larger than (H, W)
# rule: kernel_matrix.kernel-larger
def kernel_matrix(K, H, W):
    if K.dim() != 2:
        raise ValueError("K must be 2-D")
    kh, kw = K.shape
    oh, ow = max(H - kh + 1, 0), max(W - kw + 1, 0)
    M = K.new_zeros((oh * ow, H * W))
    for i in range(oh):
        for j in range(ow):
            M[i * ow + j].view(H, W)[i : i + kh, j : j + kw] = K
    return M
