# mistake: reads the weight as conv2d's (C_out, C_in, kh, kw) instead of (C_in, C_out, kh, kw)
# caught-by: test_conv_transpose2d_matches_library
# message: (C_in, C_out, kh, kw)
# rule: conv_transpose2d.weight-layout
def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[1]:  # w read as (C_out, C_in, ...)
        raise ValueError("x (N, C_in, H, W) and w (C_in, C_out, kh, kw) do not fit")
    settings = zip(
        x.shape[2:], w.shape[2:], _pair(stride), _pair(padding), _pair(output_padding), strict=True
    )
    for n, k, s, p, o in settings:
        conv_transpose_output_size(n, k, s, p, o)  # the settings' own checks
    w = w.to(x.dtype)
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    N, _, H, W = x.shape
    c_out, c_in, kh, kw = w.shape
    full = torch.zeros(
        (N, c_out, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw), dtype=x.dtype, device=x.device
    )
    for i in range(H):
        for j in range(W):
            full[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += torch.einsum(
                "nc,ockl->nokl", x[:, :, i, j], w
            )
    out_h, out_w = (H - 1) * sh - 2 * ph + kh + oph, (W - 1) * sw - 2 * pw + kw + opw
    return full[:, :, ph : ph + out_h, pw : pw + out_w]
