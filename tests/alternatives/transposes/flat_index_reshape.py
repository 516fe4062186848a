# alternative: index arithmetic on X.reshape(-1) (works on views); quiz answers as lists, counts from formulas
def corr2d(X, K):
    H, W = X.shape
    h, w = K.shape
    if h > H or w > W:
        raise ValueError("kernel larger than input")
    flat, kernel = X.reshape(-1), K.reshape(-1).to(X.dtype)
    rows = []
    for i in range(H - h + 1):
        row = []
        for j in range(W - w + 1):
            index = torch.tensor([(i + a) * W + (j + b) for a in range(h) for b in range(w)])
            row.append((flat[index] * kernel).sum())
        rows.append(torch.stack(row))
    return torch.stack(rows)


def answers():
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    shapes = {}
    for qid, (tx, tg) in {"shape_XT_K": (1, 0), "shape_X_KT": (0, 1), "shape_XT_KT": (1, 1)}.items():
        q = v[qid]
        rows, cols = (q["w"], q["h"]) if tx else (q["h"], q["w"])
        krows, kcols = (q["kw"], q["kh"]) if tg else (q["kh"], q["kw"])
        shapes[qid] = [rows - krows + 1, cols - kcols + 1]
    s = v["nonzeros_stripe"]
    return {
        "signs": [-1, 1, 1, -1],
        "where_ZT_K": "b",
        "nonzeros_diagonal": v["nonzeros_diagonal"]["n"] - 1,
        "nonzeros_stripe": 2 * s["h"],
        **shapes,
        "identity": "b",
    }
