# mistake: takes the effective kernel size as k*d (d gaps per tap), so the output is d - 1 short
# caught-by: test_corr2d_dilated_matches_conv2d
# message: effective size taken as k*d
# rule: corr2d_dilated.shape
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    kh, kw = K.shape
    eh, ew = kh * dh, kw * dw
    if eh > X.shape[0] or ew > X.shape[1]:
        raise ValueError("effective kernel larger than input")
    Y = torch.zeros((X.shape[0] - eh + 1, X.shape[1] - ew + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + eh : dh, j : j + ew : dw] * K).sum()
    return Y
