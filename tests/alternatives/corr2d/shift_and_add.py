# alternative: loops over kernel offsets (kh*kw shifted copies of X, weighted and added)
def corr2d(X, K):
    if len(X.shape) != 2 or len(K.shape) != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError(f"kernel {tuple(K.shape)} larger than input {tuple(X.shape)}")
    oh, ow = X.shape[0] - h + 1, X.shape[1] - w + 1
    Y = X.new_zeros((oh, ow))
    for a in range(h):
        for b in range(w):
            Y = Y + K[a, b] * X[a : a + oh, b : b + ow]
    return Y


def corr2d_multi_in(X, K):
    if X.dim() != 3 or K.dim() != 3 or X.shape[0] != K.shape[0]:
        raise ValueError("X and K must be 3-D with the same channel count")
    return torch.stack([corr2d(x, k) for x, k in zip(X, K)]).sum(0)
