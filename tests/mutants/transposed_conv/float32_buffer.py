# mistake: allocates the output with torch.zeros(shape), a float32 buffer for float64 input
# caught-by: test_dtype_kept
# message: float32 buffer
# rule: trans_conv.dtype
def trans_conv(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1), device=X.device)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i : i + h, j : j + w] += X[i, j] * K
    return Y
