# mistake: stamps the flipped kernel (w.flip(2, 3)), mixing up the two formulations
# caught-by: test_conv_transpose2d_matches_library
# message: kernel is flipped
def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    (sh, sw), (ph, pw), (oph, opw) = _pair(stride), _pair(padding), _pair(output_padding)
    N, c_in, H, W = x.shape
    _, c_out, kh, kw = w.shape
    full = torch.zeros((N, c_out, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw), dtype=x.dtype)
    flipped = w.flip(2, 3)
    for i in range(H):
        for j in range(W):
            full[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += torch.einsum(
                "nc,cokl->nokl", x[:, :, i, j], flipped
            )
    out_h, out_w = (H - 1) * sh - 2 * ph + kh + oph, (W - 1) * sw - 2 * pw + kw + opw
    return full[:, :, ph : ph + out_h, pw : pw + out_w]
