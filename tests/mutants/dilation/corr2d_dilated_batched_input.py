# mistake: corr2d_dilated reads only the last two dims of X and K, so a 3-D X runs instead of raising
# caught-by: test_documented_errors
# message: X or K is not 2-D
# rule: corr2d_dilated.not-2d
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    if dh < 1 or dw < 1:
        raise ValueError(f"dilation must be at least 1, got {dilation}")
    kh, kw = K.shape[-2:]
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    H, W = X.shape[-2:]
    if eh > H or ew > W:
        raise ValueError(f"effective kernel {(eh, ew)} larger than input {(H, W)}")
    Y = torch.zeros((H - eh + 1, W - ew + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[..., i : i + eh : dh, j : j + ew : dw] * K).sum()
    return Y
