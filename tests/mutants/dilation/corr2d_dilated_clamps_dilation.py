# mistake: corr2d_dilated clamps a dilation below 1 to 1 (max(d, 1)) instead of raising ValueError
# caught-by: test_documented_errors
# message: a dilation is below 1
# rule: corr2d_dilated.dilation-below-1
def corr2d_dilated(X, K, dilation):
    dh, dw = (max(v, 1) for v in _pair(dilation))
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("need 2-D X and K")
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
