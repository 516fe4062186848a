# mistake: treats dilation as stride: moves the window d positions at a time, taps adjacent
# caught-by: test_corr2d_dilated_matches_conv2d
# message: stride, not dilation
# rule: corr2d_dilated.shape
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    kh, kw = K.shape
    if kh > X.shape[0] or kw > X.shape[1]:
        raise ValueError("kernel larger than input")
    Y = torch.zeros(
        ((X.shape[0] - kh) // dh + 1, (X.shape[1] - kw) // dw + 1), dtype=X.dtype, device=X.device
    )
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i * dh : i * dh + kh, j * dw : j * dw + kw] * K).sum()
    return Y
