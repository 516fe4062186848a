# mistake: allocates Y with dtype=X.dtype but no device=: on any device but the CPU it cannot hold the sums
# caught-by: test_corr2d_differentiable_dtype_and_device
# message: not on X's device
# rule: corr2d_differentiable.device
def corr2d_differentiable(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("needs 2-D X and K")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
