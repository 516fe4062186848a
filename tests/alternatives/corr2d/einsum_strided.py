# alternative: windows with as_strided and one einsum; pad/stride with F.pad and strided windows
import torch.nn.functional as F


def _windows(X, h, w, sh=1, sw=1):
    X = X.contiguous()
    oh, ow = (X.shape[0] - h) // sh + 1, (X.shape[1] - w) // sw + 1
    s0, s1 = X.stride()
    return X.as_strided((oh, ow, h, w), (s0 * sh, s1 * sw, s0, s1))


def corr2d(X, K):
    if X.ndim != 2 or K.ndim != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    return torch.einsum("ijab,ab->ij", _windows(X, h, w), K.to(X.dtype))


def corr2d_multi_in_out(X, K):
    if X.shape[0] != K.shape[1]:
        raise ValueError("channel counts differ")
    per_channel = torch.stack([_windows(x, K.shape[2], K.shape[3]) for x in X])
    return torch.einsum("cijab,ocab->oij", per_channel, K)


def corr2d_pad_stride(X, K, padding=0, stride=1):
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    if min(ph, pw) < 0 or min(sh, sw) <= 0:
        raise ValueError("padding must not be negative and stride must be positive")
    padded = F.pad(X, (pw, pw, ph, ph))
    if K.shape[0] > padded.shape[0] or K.shape[1] > padded.shape[1]:
        raise ValueError("kernel larger than the padded input")
    return torch.einsum("ijab,ab->ij", _windows(padded, K.shape[0], K.shape[1], sh, sw), K.to(X.dtype))
