# mistake: no check of the ranks, so a batched (N, D, H, W) input broadcasts against the kernel
# caught-by: test_corr3d_errors_and_no_library
# message: when X or K is not 3-D: a batch dimension
# rule: corr3d.not-3d
def corr3d(X, K):
    d, h, w = K.shape
    if d > X.shape[0] or h > X.shape[1] or w > X.shape[2]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros(
        (X.shape[0] - d + 1, X.shape[1] - h + 1, X.shape[2] - w + 1), dtype=X.dtype, device=X.device
    )
    for k in range(Y.shape[0]):
        for i in range(Y.shape[1]):
            for j in range(Y.shape[2]):
                Y[k, i, j] = (X[k : k + d, i : i + h, j : j + w] * K).sum()
    return Y
