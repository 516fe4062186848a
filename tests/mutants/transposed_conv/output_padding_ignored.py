# mistake: output_padding accepted but ignored, so the output is output_padding rows/columns short
# caught-by: test_conv_transpose2d_matches_library
# message: output_padding ignored
def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    N, c_in, H, W = x.shape
    _, c_out, kh, kw = w.shape
    full = torch.zeros((N, c_out, (H - 1) * sh + kh, (W - 1) * sw + kw), dtype=x.dtype)
    for i in range(H):
        for j in range(W):
            full[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += torch.einsum(
                "nc,cokl->nokl", x[:, :, i, j], w
            )
    return full[:, :, ph : full.shape[2] - ph, pw : full.shape[3] - pw]
