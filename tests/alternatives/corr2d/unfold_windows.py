# alternative: vectorised with Tensor.unfold (sliding-window views), no Python loop
def corr2d(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    windows = X.unfold(0, h, 1).unfold(1, w, 1)  # (H-h+1, W-w+1, h, w)
    return (windows * K.to(X.dtype)).sum(dim=(-1, -2))
