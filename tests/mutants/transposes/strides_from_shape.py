# mistake: corr2d's as_strided windows use row-major strides from the shape: reads X.T wrongly
# caught-by: test_noncontiguous_argument
# message: as if it were contiguous
# rule: corr2d.transposes-x-noncontiguous
def corr2d(X, K):
    H, W = X.shape
    h, w = K.shape
    if h > H or w > W:
        raise ValueError("kernel larger than input")
    windows = X.as_strided((H - h + 1, W - w + 1, h, w), (W, 1, W, 1))
    return torch.einsum("ijab,ab->ij", windows, K)
