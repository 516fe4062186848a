# alternative: counts and shapes read off real PyTorch layers on the meta device
def answers():
    import torch
    from torch import nn

    from autograder.quiz import student_id, variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    meta = torch.device("meta")

    def count(layer):
        return sum(p.numel() for p in layer.parameters())

    c = v["conv_params"]
    s = v["output_shape"]
    x = torch.empty(s["n"], s["cin"], s["h"], s["w"], device=meta)
    conv = nn.Conv2d(s["cin"], s["cout"], (s["kh"], s["kw"]), stride=(s["sh"], s["sw"]),
                     padding=(s["ph"], s["pw"]), device=meta)
    d = v["dilated_output"]
    dil = nn.Conv2d(1, 1, d["k"], padding=d["p"], dilation=d["d"], device=meta)
    t = v["transposed_size"]
    tr = nn.ConvTranspose2d(1, 1, t["k"], stride=t["s"], padding=t["p"],
                            output_padding=t["op"], device=meta)
    fc, ratio, ma = v["fc_weights"], v["fc_ratio"], v["mult_adds"]
    r, jump = 1, 1
    for k, stride in ((3, v["receptive_field"]["s1"]), (v["receptive_field"]["k2"], 1), (3, 1)):
        r, jump = r + (k - 1) * jump, jump * stride
    k = v["dilated_size"]
    return {
        "fc_weights": fc["h"] * fc["w"] * 3 * fc["hidden"],
        "fc_ratio": float(ratio["h"] * ratio["w"]) / ratio["k"] ** 2,
        "conv_params": count(nn.Conv2d(c["cin"], c["cout"], (c["kh"], c["kw"]), device=meta)),
        "one_by_one": count(nn.Conv2d(v["one_by_one"]["cin"], v["one_by_one"]["cout"], 1,
                                      bias=False, device=meta)),
        "output_shape": tuple(conv(x).shape),
        "dilated_size": (k["k"] - 1) * k["d"] + 1,
        "dilated_output": tuple(dil(torch.empty(1, 1, d["h"], d["w"], device=meta)).shape[2:]),
        "receptive_field": r,
        "transposed_size": tr(torch.empty(1, 1, t["n"], t["n"], device=meta)).shape[-1],
        "mult_adds": ma["h"] ** 2 * ma["c"] ** 2 * ma["k"] ** 2,
        **_new_topics(v, count, meta),
        "equivariance": "b",
        "channels_1x1": "a",
        "invariance": ("b", "a"),
    }


def _new_topics(v, count, meta):
    """The locality, stacking, pooling, dilation and text questions, off real layers."""
    import torch
    from torch import nn

    from autograder.quiz import shown_letter, student_id

    def field(kernels_and_dilations):
        """Which input columns the centre output pixel's gradient reaches."""
        x = torch.zeros(1, 1, 96, 96, requires_grad=True)
        y = x
        for k, d in kernels_and_dilations:
            y = nn.functional.conv2d(y, torch.ones(1, 1, k, k), dilation=d)
        y[0, 0, y.shape[2] // 2, y.shape[3] // 2].backward()
        columns = x.grad[0, 0].abs().sum(0).nonzero()
        return int(columns.max() - columns.min() + 1)

    lw, st, fc, pp = v["locality_weights"], v["small_stack"], v["fc_as_conv"], v["pool_padding"]
    h, w, delta = lw["h"], lw["w"], lw["delta"]
    side = field([(st["k"], 1)] * st["n"])
    conv = nn.Conv2d(fc["c"], fc["units"], (fc["h"], fc["w"]), device=meta)
    pool = nn.MaxPool2d(pp["k"], stride=pp["s"], padding=pp["p"])
    tp, ts = v["text_conv_params"], v["text_conv_shape"]
    text = nn.Conv1d(ts["d"], ts["c"], ts["w"], device=meta)
    letters = {q.id: q for q in QUESTIONS}

    def shown(qid, written):
        out = tuple(shown_letter(COURSE, student_id(), letters[qid], x) for x in written)
        return out if letters[qid].kind == "multiple" else out[0]

    return {
        "locality_weights": (
            nn.Linear(h * w, h * w, bias=False, device=meta).weight.numel(),
            nn.Conv2d(1, 1, (2 * h - 1, 2 * w - 1), bias=False, device=meta).weight.numel(),
            nn.Conv2d(1, 1, 2 * delta + 1, bias=False, device=meta).weight.numel(),
        ),
        "small_stack": (
            side,
            st["n"] * count(nn.Conv2d(1, 1, st["k"], bias=False, device=meta)),
            count(nn.Conv2d(1, 1, side, bias=False, device=meta)),
        ),
        "fc_as_conv": tuple(conv.weight.shape),
        "pool_padding": pool(torch.zeros(1, 1, pp["n"], pp["n"])).shape[-1],
        "dilated_stack": field([(3, d) for d in v["dilated_stack"]["ds"]]),
        "text_conv_params": count(nn.Conv1d(tp["d"], tp["c"], tp["w"], device=meta)),
        "text_conv_shape": tuple(text(torch.empty(1, ts["d"], ts["n"], device=meta)).shape),
        "locality": shown("locality", "ba"),
        "pooling_kind": shown("pooling_kind", "a"),
        "gridding": shown("gridding", "a"),
        "odd_kernels": shown("odd_kernels", "a"),
        "deconvolution": shown("deconvolution", "ca"),
    }
