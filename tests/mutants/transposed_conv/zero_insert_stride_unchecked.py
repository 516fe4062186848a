# mistake: zero_insert never checks the stride
# caught-by: test_zero_insertion_errors
# message: the stride is below 1
# rule: zero_insert.stride-below-1
def zero_insert(X, stride):
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError("X must be a non-empty 2-D tensor")
    sh, sw = _pair(stride)
    H, W = X.shape
    D = torch.zeros(((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=X.dtype, device=X.device)
    D[::sh, ::sw] = X
    return D
