# mistake: loops over range(D - kd) slices, one short along depth
# caught-by: test_corr3d_random_shapes_match_conv3d
# message: shape
# rule: corr3d.shape
def corr3d(X, K):
    if X.dim() != 3 or K.dim() != 3:
        raise ValueError("corr3d needs 3-D X and K")
    d, h, w = K.shape
    if d > X.shape[0] or h > X.shape[1] or w > X.shape[2]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros(
        (X.shape[0] - d, X.shape[1] - h + 1, X.shape[2] - w + 1), dtype=X.dtype, device=X.device
    )
    for k in range(Y.shape[0]):
        for i in range(Y.shape[1]):
            for j in range(Y.shape[2]):
                Y[k, i, j] = (X[k : k + d, i : i + h, j : j + w] * K).sum()
    return Y
