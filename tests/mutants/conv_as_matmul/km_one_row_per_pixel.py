# mistake: M is square, (H*W, H*W), whatever the kernel: one row per input pixel (as with "same" padding), the rows of outputs that do not exist left zero
# caught-by: test_kernel_matrix_structure
# message: one row per input pixel
# rule: kernel_matrix.shape
def kernel_matrix(K, H, W):
    if K.dim() != 2:
        raise ValueError("K must be 2-D")
    kh, kw = K.shape
    if kh > H or kw > W:
        raise ValueError("kernel larger than the input")
    M = K.new_zeros((H * W, H * W))
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            M[i * W + j].view(H, W)[i : i + kh, j : j + kw] = K
    return M
