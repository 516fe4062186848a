# alternative: a loop over input positions accumulating in float64, cast back to the input's dtype; quiz answers as lists, keys from formulas
def trans_conv(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    oh, ow = X.shape[0] + h - 1, X.shape[1] + w - 1
    Y = X.new_zeros((oh, ow))
    for a in range(h):  # shift-and-add over kernel taps
        for b in range(w):
            Y = Y + torch.nn.functional.pad(K[a, b] * X, (b, w - 1 - b, a, h - 1 - a))
    return Y.to(X.dtype)


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[0]:
        raise ValueError("need x (N, C_in, H, W) and w (C_in, C_out, kh, kw)")
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    if not (0 <= oph < sh and 0 <= opw < sw) or ph < 0 or pw < 0:
        raise ValueError("output_padding must be smaller than the stride; padding >= 0")
    N, c_in, H, W = x.shape
    _, c_out, kh, kw = w.shape
    x64, w64 = x.to(torch.float64), w.to(torch.float64)
    full = torch.zeros((N, c_out, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw),
                       dtype=torch.float64, device=x.device)
    for i in range(H):
        for j in range(W):
            stamp = (x64[:, :, i, j, None, None, None] * w64[None]).sum(1)  # (N, c_out, kh, kw)
            full[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += stamp
    out_h, out_w = full.shape[2] - 2 * ph, full.shape[3] - 2 * pw  # crop p per side
    if out_h < 1 or out_w < 1:
        raise ValueError("the output would be empty")
    return full[:, :, ph : ph + out_h, pw : pw + out_w].to(x.dtype)


def answers():
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    r = v["roundtrip_center"]
    X = [[r["x0"] + 3 * i + j for j in range(3)] for i in range(3)]
    K = [[r["k00"], r["k01"]], [r["k10"], r["k11"]]]
    Y = [[sum(X[i + a][j + b] * K[a][b] for a in range(2) for b in range(2)) for j in range(2)]
         for i in range(2)]
    # Output (1, 1) receives the stamp of Y[i][j] through the tap K[1 - i][1 - j].
    centre = sum(Y[i][j] * K[1 - i][1 - j] for i in range(2) for j in range(2))
    c = v["stamp_counts"]
    fewest, most = c["k"] // c["s"], -(-c["k"] // c["s"])
    o = v["output_shape"]
    size = lambda n, k, op: (n - 1) * o["s"] - 2 * o["p"] + k + op  # noqa: E731
    return {
        "roundtrip_center": centre,
        "not_inverse": "b",
        "stamp_counts": [fewest**2, most**2],
        "checkerboard": ["c", "a"],
        "output_shape": [o["n"], o["cout"], size(o["h"], o["kh"], o["oph"]),
                         size(o["w"], o["kw"], o["opw"])],
    }
