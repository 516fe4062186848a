# mistake: zero_insert puts s - 1 zeros after the last pixel too: (H * sh, W * sw)
# caught-by: test_zero_insert_matches_definition
# message: zeros after the last pixel
# rule: zero_insert.shape
def zero_insert(X, stride):
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh, sw = _pair(stride)
    if min(sh, sw) < 1:
        raise ValueError("the stride must be at least 1")
    H, W = X.shape
    D = torch.zeros((H * sh, W * sw), dtype=X.dtype, device=X.device)
    D[::sh, ::sw] = X
    return D
