# mistake: corr2d_dilated refuses dilation 1 ("no dilation"), though every dilation at least 1 is valid
# caught-by: test_dilation_one_is_ordinary
# message: each at least 1
# rule: corr2d_dilated.dilation-at-least-1
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    if dh < 2 or dw < 2:
        raise ValueError(f"dilation 1 is no dilation, got {dilation}")
    kh, kw = K.shape
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    H, W = X.shape
    if eh > H or ew > W:
        raise ValueError(f"effective kernel {(eh, ew)} larger than input {(H, W)}")
    Y = torch.zeros((H - eh + 1, W - ew + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + eh : dh, j : j + ew : dw] * K).sum()
    return Y
