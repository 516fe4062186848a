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
        "equivariance": "b",
        "channels_1x1": "a",
        "invariance": ("b", "a"),
    }
