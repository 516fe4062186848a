# mistake: allocates Y in the promoted dtype of X and K: a float32 X with a float64 K gives float64
# caught-by: test_corr2d_differentiable_dtype_and_device
# message: dtype torch.float64, expected torch.float32
# rule: corr2d_differentiable.dtype
def corr2d_differentiable(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("needs 2-D X and K")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1),
                    dtype=torch.promote_types(X.dtype, K.dtype), device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
