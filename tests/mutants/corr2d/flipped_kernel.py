# mistake: flips the kernel first, which is true convolution, not cross-correlation
# caught-by: test_random_shapes_match_conv2d
# message: kernel is flipped
# rule: corr2d.formula
def corr2d(X, K):
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    K = torch.flip(K, (0, 1))
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
