# mistake: checks the kernel's own size against the input, not its effective size
# caught-by: test_effective_kernel_too_large_raises
# message: expected ValueError
# rule: corr2d_dilated.effective-larger
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    kh, kw = K.shape
    if kh > X.shape[0] or kw > X.shape[1]:
        raise ValueError("kernel larger than input")
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    Y = torch.zeros(
        (max(X.shape[0] - eh + 1, 0), max(X.shape[1] - ew + 1, 0)), dtype=X.dtype, device=X.device
    )
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + eh : dh, j : j + ew : dw] * K).sum()
    return Y
