# mistake: checks only the kernel's size, not that X and K are 2-D: a 3-D X is silently accepted
# caught-by: test_documented_errors
# message: when X or K is not 2-D
# rule: corr2d.not-2d
def corr2d(X, K):
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
