# mistake: trans_conv allocates (H + kh, W + kw): one row and one column too many, left zero
# caught-by: test_trans_conv_matches_library
# message: (H + kh - 1, W + kw - 1)
# rule: trans_conv.shape
def trans_conv(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h, X.shape[1] + w), dtype=X.dtype, device=X.device)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i : i + h, j : j + w] += X[i, j] * K
    return Y
