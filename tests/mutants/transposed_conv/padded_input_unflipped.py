# mistake: trans_conv as the correlation of the (k-1)-padded input with K itself, forgetting the flip
# caught-by: test_trans_conv_matches_library
# message: kernel is flipped
def trans_conv(X, K):
    h, w = K.shape
    padded = torch.zeros((X.shape[0] + 2 * (h - 1), X.shape[1] + 2 * (w - 1)), dtype=X.dtype)
    padded[h - 1 : h - 1 + X.shape[0], w - 1 : w - 1 + X.shape[1]] = X
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (padded[i : i + h, j : j + w] * K).sum()
    return Y
