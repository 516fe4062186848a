# mistake: right output shape, but the window's taps are adjacent (X[i:i+kh]), not d apart
# caught-by: test_corr2d_dilated_matches_conv2d
# message: taps are adjacent
# rule: corr2d_dilated.formula
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    kh, kw = K.shape
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if eh > X.shape[0] or ew > X.shape[1]:
        raise ValueError("effective kernel larger than input")
    Y = torch.zeros((X.shape[0] - eh + 1, X.shape[1] - ew + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + kh, j : j + kw] * K).sum()
    return Y
