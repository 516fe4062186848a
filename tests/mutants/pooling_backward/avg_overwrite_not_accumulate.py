# mistake: avg_pool2d_backward writes each window's share with = instead of +=, so overlapping
# windows overwrite
# caught-by: test_overlapping_windows_accumulate
# message: += instead of =
# rule: avg_pool2d_backward.overlaps-add
def avg_pool2d_backward(dout, cache):
    shape, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(shape, dtype=dout.dtype, device=dout.device)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] = (
                dout[:, :, i, j, None, None] / (kh * kw)
            )
    return dx
