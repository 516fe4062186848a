# mistake: corr2d flattens X with .view(-1) and indexes it by hand: raises on X.T (not contiguous)
# caught-by: test_noncontiguous_argument
# message: non-contiguous input
# rule: corr2d.transposes-x-noncontiguous
def corr2d(X, K):
    H, W = X.shape
    h, w = K.shape
    if h > H or w > W:
        raise ValueError("kernel larger than input")
    flat, kernel = X.view(-1), K.reshape(-1)
    Y = torch.zeros((H - h + 1, W - w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            index = [(i + a) * W + (j + b) for a in range(h) for b in range(w)]
            Y[i, j] = (flat[index] * kernel).sum()
    return Y
