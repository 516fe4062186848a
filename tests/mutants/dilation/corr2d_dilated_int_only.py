# mistake: corr2d_dilated takes the dilation as an int only (dh = dw = dilation), so a pair fails
# caught-by: test_dilation_int_or_pair
# message: int or (dh, dw)
# rule: corr2d_dilated.int-or-pair
def corr2d_dilated(X, K, dilation):
    dh = dw = dilation
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
