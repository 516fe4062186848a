# mistake: checks the kernel's depth against the input but not its height and width
# caught-by: test_corr3d_errors_and_no_library
# message: when K is larger than X (width)
# rule: corr3d.kernel-larger
def corr3d(X, K):
    if X.dim() != 3 or K.dim() != 3:
        raise ValueError("corr3d needs 3-D X and K")
    d, h, w = K.shape
    if d > X.shape[0]:
        raise ValueError("kernel deeper than input")
    Y = torch.zeros(
        (X.shape[0] - d + 1, max(X.shape[1] - h + 1, 0), max(X.shape[2] - w + 1, 0)),
        dtype=X.dtype,
        device=X.device,
    )
    for k in range(Y.shape[0]):
        for i in range(Y.shape[1]):
            for j in range(Y.shape[2]):
                Y[k, i, j] = (X[k : k + d, i : i + h, j : j + w] * K).sum()
    return Y
