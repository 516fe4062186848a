# alternative: corr3d vectorised with Tensor.unfold along the three dimensions, no Python loop
def corr3d(X, K):
    if X.ndim != 3 or K.ndim != 3:
        raise ValueError("X and K must be 3-D")
    d, h, w = K.shape
    if d > X.shape[0] or h > X.shape[1] or w > X.shape[2]:
        raise ValueError("kernel larger than input")
    windows = X.unfold(0, d, 1).unfold(1, h, 1).unfold(2, w, 1)  # (D', H', W', d, h, w)
    return torch.einsum("zyxcab,cab->zyx", windows, K.to(X.dtype))
