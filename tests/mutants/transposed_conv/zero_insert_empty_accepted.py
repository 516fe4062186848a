# mistake: zero_insert checks the number of dimensions but not that X is non-empty
# caught-by: test_zero_insertion_errors
# message: is empty
# rule: zero_insert.not-2d
def zero_insert(X, stride):
    if X.dim() != 2:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh, sw = _pair(stride)
    if min(sh, sw) < 1:
        raise ValueError("the stride must be at least 1")
    H, W = X.shape
    D = torch.zeros(((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=X.dtype, device=X.device)
    D[::sh, ::sw] = X
    return D
