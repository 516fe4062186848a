# mistake: no check of the kernel against the input, so a too-large kernel returns an empty tensor
# caught-by: test_documented_errors
# message: when the kernel is larger than the input
# rule: corr2d.kernel-larger
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((max(X.shape[0] - h + 1, 0), max(X.shape[1] - w + 1, 0)), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
