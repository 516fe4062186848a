# mistake: reads the weight as conv2d's (C_out, C_in, kh, kw) instead of (C_in, C_out, kh, kw)
# caught-by: test_conv_transpose2d_matches_library
# message: (C_in, C_out, kh, kw)
def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    N, _, H, W = x.shape
    c_out, c_in, kh, kw = w.shape
    full = torch.zeros((N, c_out, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw), dtype=x.dtype)
    for i in range(H):
        for j in range(W):
            full[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += torch.einsum(
                "nc,ockl->nokl", x[:, :, i, j], w
            )
    out_h, out_w = (H - 1) * sh - 2 * ph + kh + oph, (W - 1) * sw - 2 * pw + kw + opw
    return full[:, :, ph : ph + out_h, pw : pw + out_w]
