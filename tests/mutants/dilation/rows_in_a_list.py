# mistake: builds the output from .item() values in Python lists, which cuts the autograd graph
# caught-by: test_gradients_match_library
# message: computation graph was cut
# rule: handout.dilation-differentiable
def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    kh, kw = K.shape
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if eh > X.shape[0] or ew > X.shape[1]:
        raise ValueError("effective kernel larger than input")
    rows = [
        [(X[i : i + eh : dh, j : j + ew : dw] * K).sum().item() for j in range(X.shape[1] - ew + 1)]
        for i in range(X.shape[0] - eh + 1)
    ]
    return torch.tensor(rows, dtype=X.dtype, device=X.device)
