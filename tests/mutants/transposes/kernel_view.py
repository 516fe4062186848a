# mistake: corr2d flattens the kernel with K.view(-1): raises on a transposed kernel K.T
# caught-by: test_noncontiguous_argument
# message: non-contiguous
# rule: corr2d.transposes-k-noncontiguous
def corr2d(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("corr2d needs 2-D X and K")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    kernel = K.view(-1)
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w].reshape(-1) * kernel).sum()
    return Y
