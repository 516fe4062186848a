# mistake: zero_insert allocates D without device=: on the CPU whatever X's device
# caught-by: test_zero_insertion_dtype_and_device
# message: device
# rule: zero_insert.device
def zero_insert(X, stride):
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh, sw = _pair(stride)
    if min(sh, sw) < 1:
        raise ValueError("the stride must be at least 1")
    H, W = X.shape
    D = torch.zeros(((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=X.dtype)
    D[::sh, ::sw] = X
    return D
