# mistake: no check that K fits in X: a kernel one row taller than X gives an empty output, silently
# caught-by: test_corr2d_differentiable_errors
# message: K is larger than X
# rule: corr2d_differentiable.kernel-larger
def corr2d_differentiable(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("needs 2-D X and K")
    h, w = K.shape
    Y = torch.zeros((max(X.shape[0] - h + 1, 0), max(X.shape[1] - w + 1, 0)), dtype=X.dtype,
                    device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
