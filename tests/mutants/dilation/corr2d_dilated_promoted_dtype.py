# mistake: corr2d_dilated allocates Y with torch.promote_types(X, K): float64 for float32 X and float64 K
# caught-by: test_dtype_kept
# message: same dtype as X
# rule: corr2d_dilated.dtype
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    if dh < 1 or dw < 1:
        raise ValueError(f"dilation must be at least 1, got {dilation}")
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("need 2-D X and K")
    kh, kw = K.shape
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    H, W = X.shape
    if eh > H or ew > W:
        raise ValueError(f"effective kernel {(eh, ew)} larger than input {(H, W)}")
    dtype = torch.promote_types(X.dtype, K.dtype)
    Y = torch.zeros((H - eh + 1, W - ew + 1), dtype=dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + eh : dh, j : j + ew : dw] * K).sum()
    return Y
