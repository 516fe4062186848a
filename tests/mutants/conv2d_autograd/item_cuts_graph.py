# mistake: writes .item() of each window sum, so the output has no autograd history
# caught-by: test_corr2d_differentiable_gradients
# message: graph was cut
# rule: corr2d_differentiable.autograd
def corr2d_differentiable(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum().item()
    return Y
