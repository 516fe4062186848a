# alternative: corr3d as a stack of many-channel 2-D correlations, one per depth position
def corr3d(X, K):
    if X.dim() != 3 or K.dim() != 3:
        raise ValueError("X and K must be 3-D")
    d = K.shape[0]
    if d > X.shape[0] or K.shape[1] > X.shape[1] or K.shape[2] > X.shape[2]:
        raise ValueError(f"kernel {tuple(K.shape)} larger than input {tuple(X.shape)}")
    return torch.stack([corr2d_multi_in(X[k : k + d], K) for k in range(X.shape[0] - d + 1)])
