# mistake: treats padding as the total over both sides (the textbook's p_h), not per side
# caught-by: test_pad_stride_random
# message: per-side padding
# rule: corr2d_pad_stride.per-side
def corr2d_pad_stride(X, K, padding=0, stride=1):
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    top, left = ph // 2, pw // 2
    padded = torch.zeros((X.shape[0] + ph, X.shape[1] + pw), dtype=X.dtype)
    padded[top : top + X.shape[0], left : left + X.shape[1]] = X
    h, w = K.shape
    if h > padded.shape[0] or w > padded.shape[1]:
        raise ValueError("kernel larger than the padded input")
    Y = torch.zeros(((padded.shape[0] - h) // sh + 1, (padded.shape[1] - w) // sw + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (padded[i * sh : i * sh + h, j * sw : j * sw + w] * K).sum()
    return Y
