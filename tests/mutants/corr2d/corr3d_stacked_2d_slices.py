# mistake: correlates each depth slice with the matching kernel slice (no sliding along depth)
# caught-by: test_corr3d_random_shapes_match_conv3d
# message: corr3d vs the library
# rule: corr3d.formula
def corr3d(X, K):
    if X.dim() != 3 or K.dim() != 3:
        raise ValueError("corr3d needs 3-D X and K")
    d, h, w = K.shape
    if d > X.shape[0] or h > X.shape[1] or w > X.shape[2]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros(
        (X.shape[0] - d + 1, X.shape[1] - h + 1, X.shape[2] - w + 1), dtype=X.dtype, device=X.device
    )
    for k in range(Y.shape[0]):
        for i in range(Y.shape[1]):
            for j in range(Y.shape[2]):
                Y[k, i, j] = (X[k, i : i + h, j : j + w] * K.sum(0)).sum()
    return Y
