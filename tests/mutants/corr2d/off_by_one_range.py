# mistake: the loops run over range(H - kh) and range(W - kw), one row and one column short
# caught-by: test_random_shapes_match_conv2d
# message: one row short
# rule: corr2d.shape
def corr2d(X, K):
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros((X.shape[0] - h, X.shape[1] - w), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
