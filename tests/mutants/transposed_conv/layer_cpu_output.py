# mistake: conv_transpose2d allocates the output with torch.zeros(shape, dtype=x.dtype): on the CPU whatever x's device
# caught-by: test_device_kept
# message: device as x
# rule: conv_transpose2d.device
def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[0]:
        raise ValueError("x (N, C_in, H, W) and w (C_in, C_out, kh, kw) do not fit")
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    oph, opw = _pair(output_padding)
    if min(sh, sw) < 1 or min(ph, pw, oph, opw) < 0:
        raise ValueError("an argument is out of range")
    if oph >= sh or opw >= sw:
        raise ValueError("output_padding must be smaller than the stride")
    N, _, H, W = x.shape
    _, c_out, kh, kw = w.shape
    out_h = (H - 1) * sh - 2 * ph + kh + oph
    out_w = (W - 1) * sw - 2 * pw + kw + opw
    if out_h < 1 or out_w < 1:
        raise ValueError("the output would be empty")
    full = torch.zeros(
        (N, c_out, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw),
        dtype=x.dtype,
    )
    w = w.to(x.dtype)
    for a in range(kh):
        for b in range(kw):
            rows = slice(a, a + (H - 1) * sh + 1, sh)
            cols = slice(b, b + (W - 1) * sw + 1, sw)
            full[:, :, rows, cols] += torch.einsum("nchw,co->nohw", x, w[:, :, a, b])
    return full[:, :, ph : ph + out_h, pw : pw + out_w]
