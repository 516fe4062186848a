# mistake: corr2d_dilated puts d zeros between taps (step d + 1), so dilation 1 is not ordinary
# caught-by: test_dilation_one_is_ordinary
# message: dilation 1 is the ordinary convolution
# rule: corr2d_dilated.dilation-one-is-ordinary
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    kh, kw = K.shape
    eh, ew = (dh + 1) * (kh - 1) + 1, (dw + 1) * (kw - 1) + 1
    if eh > X.shape[0] or ew > X.shape[1]:
        raise ValueError("effective kernel larger than input")
    Y = torch.zeros((X.shape[0] - eh + 1, X.shape[1] - ew + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + eh : dh + 1, j : j + ew : dw + 1] * K).sum()
    return Y
