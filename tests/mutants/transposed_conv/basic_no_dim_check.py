# mistake: trans_conv reads only the last two dims of X and K, so a 3-D X runs (batched) instead of raising ValueError
# caught-by: test_documented_errors
# message: X or K is not 2-D
# rule: trans_conv.not-2d
def trans_conv(X, K):
    h, w = K.shape[-2:]
    Y = torch.zeros(
        (*X.shape[:-2], X.shape[-2] + h - 1, X.shape[-1] + w - 1), dtype=X.dtype, device=X.device
    )
    for i in range(X.shape[-2]):
        for j in range(X.shape[-1]):
            Y[..., i : i + h, j : j + w] += X[..., i, j, None, None] * K
    return Y
