# alternative: vectorised with Tensor.unfold (sliding-window views, not F.unfold) and einsum;
# quiz sizes from the output-size formula and the kernel's shape
import torch.nn.functional as F


def kernel_matrix(K, H, W):
    kh, kw = K.shape
    if kh > H or kw > W:
        raise ValueError("kernel larger than input")
    # Correlate every basis image e_p with K at once: column p of M is corr2d(e_p, K).
    basis = torch.eye(H * W, dtype=K.dtype, device=K.device).view(H * W, H, W)
    windows = basis.unfold(1, kh, 1).unfold(2, kw, 1)  # (H*W, oh, ow, kh, kw)
    return torch.einsum("pijab,ab->ijp", windows, K).reshape(-1, H * W)


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    if X.dim() != 4:
        raise ValueError("X must be (N, C, H, W)")
    if min(*_pair(stride), *_pair(dilation)) < 1 or min(_pair(padding)) < 0:
        raise ValueError("stride and dilation must be positive, padding not negative")
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    N, C = X.shape[:2]
    padded = F.pad(X, (pw, pw, ph, ph))
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if span_h > padded.shape[2] or span_w > padded.shape[3]:
        raise ValueError("the dilated kernel is larger than the padded input")
    windows = padded.unfold(2, span_h, sh).unfold(3, span_w, sw)[..., ::dh, ::dw]
    # (N, C, oh, ow, kh, kw) -> (N, C, kh, kw, oh, ow)
    return windows.permute(0, 1, 4, 5, 2, 3).reshape(N, C * kh * kw, -1)


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    if X.dim() != 4 or W.dim() != 4 or X.shape[1] != W.shape[1]:
        raise ValueError("X (N, C, H, W) and W (O, C, kh, kw) must have the same C")
    N = X.shape[0]
    O, C, kh, kw = W.shape
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    oh = (X.shape[2] + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (X.shape[3] + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    Y = torch.einsum("ok,nkl->nol", W.reshape(O, -1), im2col(X, kh, kw, stride, padding, dilation))
    if b is not None:
        Y = Y + b[None, :, None]
    return Y.reshape(N, O, oh, ow)


def answers():
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    sizes = {}
    for qid in ("im2col_numel_a", "im2col_numel_b"):
        q = v[qid]
        (k, p), s = q["kp"], q.get("s", 1)
        oh, ow = ((n + 2 * p - k) // s + 1 for n in (q["h"], q["w"]))
        sizes[qid] = q["n"] * q.get("c", 3) * k * k * oh * ow
    fc = v["fc_as_conv_weights"]
    s, m = v["fully_conv_map"]["sm"]
    return {
        **sizes,
        "dense_toeplitz": "c",
        "fc_as_conv_weights": fc["o"] * fc["c"] * fc["s"] * fc["s"],
        "fully_conv_map": (m - s + 1) ** 2,
    }
