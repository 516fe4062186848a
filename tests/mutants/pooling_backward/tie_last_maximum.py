# mistake: a running max with >= keeps the LAST maximum of a window, not the first (tie rule)
# caught-by: test_max_ties_go_to_first_maximum
# message: LAST maximum
# rule: max_pool2d_backward.first-maximum
def max_pool2d_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(x.shape, dtype=dout.dtype, device=dout.device)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    best, where = None, None
                    for a in range(kh):
                        for b in range(kw):
                            value = x[n, c, i * sh + a, j * sw + b]
                            if best is None or value >= best:
                                best, where = value, (i * sh + a, j * sw + b)
                    dx[n, c, where[0], where[1]] += dout[n, c, i, j]
    return dx
