# alternative: corr2d_dilated as a sum over taps of shifted, strided slices of X accumulated
# in float64; receptive_field computed top-down (from the output unit back to the input); quiz
# answers from formulas and this file's receptive_field, as lists, statements in another order
def corr2d_dilated(X, K, dilation):
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else tuple(dilation)
    if dh < 1 or dw < 1:
        raise ValueError("dilation below 1")
    kh, kw = K.shape
    oh, ow = X.shape[0] - dh * (kh - 1), X.shape[1] - dw * (kw - 1)
    if oh < 1 or ow < 1:
        raise ValueError("effective kernel larger than input")
    X64, K64 = X.to(torch.float64), K.to(torch.float64)
    Y = X64.new_zeros((oh, ow))
    for a in range(kh):
        for b in range(kw):
            Y = Y + K64[a, b] * X64[a * dh : a * dh + oh, b * dw : b * dw + ow]
    return Y.to(X.dtype)


def receptive_field(layers):
    for k, s, d in layers:
        if min(k, s, d) < 1:
            raise ValueError("k, s and d must be at least 1")
    field = 1
    for k, s, d in reversed(layers):
        field = (field - 1) * s + d * (k - 1) + 1
    return field


def answers():
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    e, rf, w = v["q1_effective_size"], v["q2_receptive_field"], v["q4_weights"]
    side = w["d"] * (w["k"] - 1) + 1
    layers = [(rf["k1"], rf["s1"], 1), (3, rf["s2"], 1), (3, 1, rf["d3"]), (3, 1, rf["d4"])]
    return {
        "q1_effective_size": e["k"] + (e["k"] - 1) * (e["d"] - 1),
        "q2_receptive_field": receptive_field(layers),
        "q3_why_dilation": "b",
        "q4_weights": [w["cout"] * w["cin"] * w["k"] ** 2, w["cout"] * w["cin"] * side**2],
        "q5_true_statements": ["c", "a"],
    }
