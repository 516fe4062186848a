# mistake: Y[window] = X[i, j] * K instead of +=, so overlapping stamps overwrite each other
# caught-by: test_trans_conv_matches_library
# message: overlap
# rule: trans_conv.formula
def trans_conv(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1), dtype=X.dtype, device=X.device)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i : i + h, j : j + w] = X[i, j] * K
    return Y
