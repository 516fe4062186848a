# mistake: writes K.flatten() into kh*kw consecutive columns, forgetting that kernel rows sit W apart
# caught-by: test_kernel_matrix_structure
# message: at column (i + a)*W + (j + b)
# rule: kernel_matrix.rows
def kernel_matrix(K, H, W):
    kh, kw = K.shape
    oh, ow = H - kh + 1, W - kw + 1
    M = K.new_zeros((oh * ow, H * W))
    for i in range(oh):
        for j in range(ow):
            start = i * W + j
            M[i * ow + j, start : start + kh * kw] = K.flatten()
    return M
