# mistake: corr2d_dilated batches X with X.unsqueeze_(0) and K with K.unsqueeze_(0), reshaping the caller's tensors in place
# caught-by: test_inputs_not_modified
# message: modified its input in place
# rule: handout.dilation-unmodified
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    if dh < 1 or dw < 1:
        raise ValueError(f"dilation must be at least 1, got {dilation}")
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("need 2-D X and K")
    X, K = X.unsqueeze_(0), K.unsqueeze_(0)  # one sample, for the batched loop below
    _, kh, kw = K.shape
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    _, H, W = X.shape
    if eh > H or ew > W:
        raise ValueError(f"effective kernel {(eh, ew)} larger than input {(H, W)}")
    Y = torch.zeros((1, H - eh + 1, W - ew + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[1]):
        for j in range(Y.shape[2]):
            Y[:, i, j] = (X[:, i : i + eh : dh, j : j + ew : dw] * K).sum((1, 2))
    return Y[0]
