# mistake: Y[window] = X[i, j] * K instead of +=, so overlapping stamps overwrite each other
# caught-by: test_trans_conv_matches_library
# message: overlap
def trans_conv(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1), dtype=X.dtype)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i : i + h, j : j + w] = X[i, j] * K
    return Y
