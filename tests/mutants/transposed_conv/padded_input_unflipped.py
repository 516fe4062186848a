# mistake: trans_conv as the correlation of the (k-1)-padded input with K itself, forgetting the flip
# caught-by: test_trans_conv_matches_library
# message: kernel is flipped
# rule: trans_conv.formula
def trans_conv(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    padded = torch.zeros(
        (X.shape[0] + 2 * (h - 1), X.shape[1] + 2 * (w - 1)), dtype=X.dtype, device=X.device
    )
    padded[h - 1 : h - 1 + X.shape[0], w - 1 : w - 1 + X.shape[1]] = X
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (padded[i : i + h, j : j + w] * K).sum()
    return Y
