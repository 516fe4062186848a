# mistake: flattens the input column-major: puts X[a, b] at column b*H + a instead of a*W + b
# caught-by: test_kernel_matrix_structure
# message: column-major
# rule: kernel_matrix.rows
def kernel_matrix(K, H, W):
    kh, kw = K.shape
    oh, ow = H - kh + 1, W - kw + 1
    M = K.new_zeros((oh * ow, H * W))
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                for b in range(kw):
                    M[i * ow + j, (j + b) * H + (i + a)] = K[a, b]
    return M
