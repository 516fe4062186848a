# alternative: copies the transposes to contiguous float64 tensors, shift-and-add corr2d, casts back
def corr2d(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    X64, K64 = X.to(torch.float64).contiguous(), K.to(torch.float64).contiguous()
    oh, ow = X.shape[0] - h + 1, X.shape[1] - w + 1
    Y = X64.new_zeros((oh, ow))
    for a in range(h):
        for b in range(w):
            Y = Y + K64[a, b] * X64[a : a + oh, b : b + ow]
    return Y.to(X.dtype)


def edge_responses(X, K):
    Xt = X.permute(1, 0).contiguous()
    Kt = torch.transpose(K, 0, 1).contiguous()
    return {"X,K": corr2d(X, K), "X.T,K": corr2d(Xt, K), "X,K.T": corr2d(X, Kt),
            "X.T,K.T": corr2d(Xt, Kt)}
