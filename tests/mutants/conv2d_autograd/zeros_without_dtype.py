# mistake: allocates the output with torch.zeros(shape), a float32 accumulator for float64 input
# caught-by: test_corr2d_differentiable_gradients
# message: dtype torch.float32, expected torch.float64
# rule: corr2d_differentiable.dtype
def corr2d_differentiable(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
