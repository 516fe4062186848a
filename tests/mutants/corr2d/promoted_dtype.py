# mistake: returns the promoted dtype of X and K (float64 for float32 X with a float64 K), not X's
# caught-by: test_dtype_kept
# message: dtype torch.float64, expected torch.float32
# rule: corr2d.dtype
def corr2d(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("corr2d needs 2-D X and K")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    dtype = torch.promote_types(X.dtype, K.dtype)
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
