# mistake: kernel_matrix reads a 1-D K as a one-row kernel instead of raising ValueError
# caught-by: test_errors
# message: K is not 2-D
# rule: kernel_matrix.not-2d
_reference_kernel_matrix = kernel_matrix


def kernel_matrix(K, H, W):
    return _reference_kernel_matrix(K.reshape(-1, K.shape[-1]) if K.dim() != 2 else K, H, W)
