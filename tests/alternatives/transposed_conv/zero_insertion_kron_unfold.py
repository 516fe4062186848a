# alternative: zero insertion as a Kronecker product with a one-hot block, padding by copying into a zero canvas (cropping by slicing), the correlation through Tensor.unfold
def zero_insert(X, stride):
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh, sw = _pair(stride)
    if sh < 1 or sw < 1:
        raise ValueError("the stride is below 1")
    block = X.new_zeros((sh, sw))
    block[0, 0] = 1
    spread = torch.kron(X, block)  # X[i, j] at (i*sh, j*sw), zeros elsewhere
    return spread[: (X.shape[0] - 1) * sh + 1, : (X.shape[1] - 1) * sw + 1]


def trans_conv_by_correlation(X, K, stride=1, padding=0, output_padding=0):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    (sh, sw), (ph, pw), (oh, ow) = _pair(stride), _pair(padding), _pair(output_padding)
    if sh < 1 or sw < 1 or min(ph, pw, oh, ow) < 0 or oh >= sh or ow >= sw:
        raise ValueError("an argument is out of range")
    kh, kw = K.shape
    D = zero_insert(X, (sh, sw))
    top, left = kh - 1 - ph, kw - 1 - pw
    rows, cols = D.shape[0] + 2 * top + oh, D.shape[1] + 2 * left + ow
    if rows < kh or cols < kw:
        raise ValueError("the output would be empty")
    t, l = max(top, 0), max(left, 0)
    canvas = D.new_zeros((D.shape[0] + 2 * t + oh, D.shape[1] + 2 * l + ow))
    canvas[t : t + D.shape[0], l : l + D.shape[1]] = D
    P = canvas[max(-top, 0) : max(-top, 0) + rows, max(-left, 0) : max(-left, 0) + cols]
    windows = P.unfold(0, kh, 1).unfold(1, kw, 1)  # (out_h, out_w, kh, kw)
    return torch.einsum("ijab,ab->ij", windows, K.to(X.dtype).flip(0, 1))
