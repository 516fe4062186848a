# mistake: the padded copy is torch.zeros(shape), float32: float64 inputs are rounded on the way
# caught-by: test_pad_stride_random
# message: float32 rounding
# rule: handout.corr2d-dtype
def corr2d_pad_stride(X, K, padding=0, stride=1):
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    if ph < 0 or pw < 0 or sh < 1 or sw < 1:
        raise ValueError(f"need padding >= 0 and stride >= 1, got {padding} and {stride}")
    H, W = X.shape
    h, w = K.shape
    if h > H + 2 * ph or w > W + 2 * pw:
        raise ValueError(f"kernel {tuple(K.shape)} is larger than the padded input")
    padded = torch.zeros((H + 2 * ph, W + 2 * pw), device=X.device)
    padded[ph : ph + H, pw : pw + W] = X
    Y = torch.zeros(
        ((H + 2 * ph - h) // sh + 1, (W + 2 * pw - w) // sw + 1), dtype=X.dtype, device=X.device
    )
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (padded[i * sh : i * sh + h, j * sw : j * sw + w] * K).sum()
    return Y
