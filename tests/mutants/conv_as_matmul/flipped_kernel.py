# mistake: fills the rows of M with the flipped kernel ("flip the kernel" is for true convolution)
# caught-by: test_kernel_matrix_structure
# message: kernel is flipped
# rule: kernel_matrix.product
def kernel_matrix(K, H, W):
    kh, kw = K.shape
    oh, ow = H - kh + 1, W - kw + 1
    Kf = torch.flip(K, (0, 1))
    M = K.new_zeros((oh * ow, H * W))
    for i in range(oh):
        for j in range(ow):
            M[i * ow + j].view(H, W)[i : i + kh, j : j + kw] = Kf
    return M
