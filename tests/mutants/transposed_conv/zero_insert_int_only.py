# mistake: zero_insert takes the stride as an int only (sh = sw = stride), so a pair fails
# caught-by: test_zero_insertion_int_or_pair
# message: an int or a pair
# rule: zero_insert.stride-int-or-pair
def zero_insert(X, stride):
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh = sw = stride
    if min(sh, sw) < 1:
        raise ValueError("the stride must be at least 1")
    H, W = X.shape
    D = torch.zeros(((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=X.dtype, device=X.device)
    D[::sh, ::sw] = X
    return D
