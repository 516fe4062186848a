# mistake: takes the kernel's width as its height (w, h = K.shape): right only for square kernels
# caught-by: test_random_shapes_match_conv2d
# message: height and width swapped
# rule: corr2d.shape
def corr2d(X, K):
    w, h = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K.reshape(h, w)).sum()
    return Y
