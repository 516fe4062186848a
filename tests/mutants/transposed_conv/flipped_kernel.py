# mistake: stamps the flipped kernel (w.flip(2, 3)), mixing up the two formulations
# caught-by: test_conv_transpose2d_matches_library
# message: kernel is flipped
# rule: conv_transpose2d.values
def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[0]:
        raise ValueError("x (N, C_in, H, W) and w (C_in, C_out, kh, kw) do not fit")
    settings = zip(
        x.shape[2:], w.shape[2:], _pair(stride), _pair(padding), _pair(output_padding), strict=True
    )
    for n, k, s, p, o in settings:
        conv_transpose_output_size(n, k, s, p, o)  # the settings' own checks
    w = w.to(x.dtype)
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    N, c_in, H, W = x.shape
    _, c_out, kh, kw = w.shape
    full = torch.zeros(
        (N, c_out, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw), dtype=x.dtype, device=x.device
    )
    flipped = w.flip(2, 3)
    for i in range(H):
        for j in range(W):
            full[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += torch.einsum(
                "nc,cokl->nokl", x[:, :, i, j], flipped
            )
    out_h, out_w = (H - 1) * sh - 2 * ph + kh + oph, (W - 1) * sw - 2 * pw + kw + opw
    return full[:, :, ph : ph + out_h, pw : pw + out_w]
