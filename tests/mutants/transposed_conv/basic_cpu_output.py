# mistake: trans_conv allocates Y with torch.zeros(shape, dtype=X.dtype): on the CPU whatever X's device
# caught-by: test_device_kept
# message: device as X
# rule: trans_conv.device
def trans_conv(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1), dtype=X.dtype)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i : i + h, j : j + w] += X[i, j] * K
    return Y
