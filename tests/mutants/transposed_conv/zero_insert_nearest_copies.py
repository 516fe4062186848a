# mistake: zero_insert fills the gaps with copies of the pixel (nearest-neighbour upsampling) instead of zeros
# caught-by: test_zero_insert_matches_definition
# message: copies
# rule: zero_insert.values
def zero_insert(X, stride):
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh, sw = _pair(stride)
    if min(sh, sw) < 1:
        raise ValueError("the stride must be at least 1")
    H, W = X.shape
    D = torch.zeros(((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=X.dtype, device=X.device)
    D = X.repeat_interleave(sh, 0).repeat_interleave(sw, 1)[: D.shape[0], : D.shape[1]]
    return D
