# alternative: vectorised corr2d (Tensor.unfold windows and einsum), keys built in a loop, .mT/.t()
def corr2d(X, K):
    h, w = K.shape
    if X.dim() != 2 or h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    windows = X.unfold(0, h, 1).unfold(1, w, 1)  # (H-h+1, W-w+1, h, w), a strided view
    return torch.einsum("ijab,ab->ij", windows, K.to(X.dtype))


def edge_responses(X, K):
    images = {"X": X, "X.T": X.mT}
    kernels = {"K": K, "K.T": K.t()}
    return {
        f"{i},{k}": corr2d(images[i], kernels[k])
        for i in ("X", "X.T")
        for k in ("K", "K.T")
    }
