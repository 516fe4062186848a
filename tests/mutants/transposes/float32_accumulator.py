# mistake: corr2d allocates with torch.zeros(shape), a float32 accumulator for float64 input
# caught-by: test_dtype_kept
# message: float32 accumulator
# rule: corr2d.transposes-dtype
def corr2d(X, K):
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
