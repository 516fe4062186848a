# alternative: corr2d_dilated as corr2d(X, dilate_kernel(K, d)), with its own loop corr2d
def _corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y


def corr2d_dilated(X, K, dilation):
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else dilation
    if dh < 1 or dw < 1:
        raise ValueError("dilation below 1")
    KD = dilate_kernel(K, (dh, dw))
    if KD.shape[0] > X.shape[0] or KD.shape[1] > X.shape[1]:
        raise ValueError(f"effective kernel {tuple(KD.shape)} larger than input {tuple(X.shape)}")
    return _corr2d(X, KD)
