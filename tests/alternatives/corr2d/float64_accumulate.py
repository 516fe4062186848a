# alternative: accumulates in float64 whatever the input, then casts back to X's dtype
def corr2d(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    X64, K64 = X.to(torch.float64), K.to(torch.float64)
    rows = []
    for i in range(X.shape[0] - h + 1):
        rows.append(torch.stack([(X64[i : i + h, j : j + w] * K64).sum() for j in range(X.shape[1] - w + 1)]))
    return torch.stack(rows).to(X.dtype)


def corr2d_multi_in_out_1x1(X, K):
    c, h, w = X.shape
    return torch.einsum("oc,cp->op", K.reshape(K.shape[0], c), X.reshape(c, h * w)).reshape(-1, h, w)
