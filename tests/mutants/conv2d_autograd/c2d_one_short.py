# mistake: loops range(H - kh) and range(W - kw): the output is one row and one column short
# caught-by: test_corr2d_differentiable_gradients
# message: (H - kh + 1, W - kw + 1)
# rule: corr2d_differentiable.shape
def corr2d_differentiable(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h, X.shape[1] - w), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
