# alternative: index arithmetic on X.reshape(-1) (works on views); quiz answers as lists
def corr2d(X, K):
    H, W = X.shape
    h, w = K.shape
    if h > H or w > W:
        raise ValueError("kernel larger than input")
    flat, kernel = X.reshape(-1), K.reshape(-1)
    rows = []
    for i in range(H - h + 1):
        row = []
        for j in range(W - w + 1):
            index = torch.tensor([(i + a) * W + (j + b) for a in range(h) for b in range(w)])
            row.append((flat[index] * kernel).sum())
        rows.append(torch.stack(row))
    return torch.stack(rows)


def quiz():
    return {
        "signs": [-1, 1, 1, -1],
        "where_ZT_K": "b",
        "nonzeros_diagonal": 9,
        "nonzeros_stripe": 12,
        "shape_XT_K": [4, 5],
        "shape_X_KT": [5, 4],
        "shape_XT_KT": [2, 7],
        "identity": "b",
    }
