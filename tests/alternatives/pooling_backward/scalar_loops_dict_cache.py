# alternative: cs231n-style loops over n, c, i, j with scalar indexing; cache is a dict; `stride or k`
# quiz answers from formulas, as lists, statements in another order
def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride or kernel_size)
    N, C, H, W = x.shape
    OH, OW = 1 + (H - kh) // sh, 1 + (W - kw) // sw
    out = torch.empty((N, C, OH, OW), dtype=x.dtype, device=x.device)
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    out[n, c, i, j] = x[n, c, i * sh : i * sh + kh, j * sw : j * sw + kw].max()
    return out, {"x": x.clone(), "k": (kh, kw), "s": (sh, sw)}


def max_pool2d_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache["x"], cache["k"], cache["s"]
    N, C, OH, OW = dout.shape
    dx = torch.zeros_like(x, dtype=dout.dtype)
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    window = x[n, c, i * sh : i * sh + kh, j * sw : j * sw + kw]
                    a, b = divmod(int(window.flatten().argmax()), kw)
                    dx[n, c, i * sh + a, j * sw + b] += dout[n, c, i, j]
    return dx


def avg_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride or kernel_size)
    N, C, H, W = x.shape
    OH, OW = 1 + (H - kh) // sh, 1 + (W - kw) // sw
    out = torch.empty((N, C, OH, OW), dtype=x.dtype, device=x.device)
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    out[n, c, i, j] = x[n, c, i * sh : i * sh + kh, j * sw : j * sw + kw].mean()
    return out, {"shape": x.shape, "k": (kh, kw), "s": (sh, sw), "device": x.device}


def avg_pool2d_backward(dout, cache):
    (kh, kw), (sh, sw) = cache["k"], cache["s"]
    N, C, OH, OW = dout.shape
    dx = torch.zeros(cache["shape"], dtype=dout.dtype, device=dout.device)
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    dx[n, c, i * sh : i * sh + kh, j * sw : j * sw + kw] += dout[n, c, i, j] / (kh * kw)
    return dx


def answers():
    import math

    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    kh, kw = v["q1_avg_as_conv"]["kh"], v["q1_avg_as_conv"]["kw"]
    stages = v["q5_relu_stages"]
    window = v["q7_min_pool_grad"]["x"]
    smallest = min(min(row) for row in window)
    first = next((r, c) for r, row in enumerate(window) for c, value in enumerate(row) if value == smallest)
    return {
        "q1_avg_as_conv": [kh * kw, kh, kw],
        "q2_avg_channels": "b",
        "q3_max_not_conv": ["c", "a"],
        "q4_max_identity": ["b", "a"],
        "q5_relu_stages": math.ceil(math.log2(stages["kh"] * stages["kw"])),
        "q6_min_pool": "a",
        "q7_min_pool_grad": list(first),
    }
