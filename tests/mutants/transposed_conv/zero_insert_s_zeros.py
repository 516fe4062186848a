# mistake: zero_insert inserts s zeros between pixels instead of s - 1 (spacing s + 1)
# caught-by: test_zero_insert_matches_definition
# message: s zeros instead of s - 1
# rule: zero_insert.shape
def zero_insert(X, stride):
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh, sw = _pair(stride)
    sh, sw = sh + 1, sw + 1
    if min(sh, sw) < 1:
        raise ValueError("the stride must be at least 1")
    H, W = X.shape
    D = torch.zeros(((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=X.dtype, device=X.device)
    D[::sh, ::sw] = X
    return D
