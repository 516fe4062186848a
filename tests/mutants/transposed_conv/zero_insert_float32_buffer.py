# mistake: zero_insert allocates D as float32 whatever X's dtype
# caught-by: test_zero_insertion_dtype_and_device
# message: same dtype as X
# rule: zero_insert.dtype
def zero_insert(X, stride):
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh, sw = _pair(stride)
    if min(sh, sw) < 1:
        raise ValueError("the stride must be at least 1")
    H, W = X.shape
    D = torch.zeros(((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=torch.float32, device=X.device)
    D[::sh, ::sw] = X
    return D
