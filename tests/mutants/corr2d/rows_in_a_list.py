# mistake: builds the rows in Python lists of .item() values, which cuts the autograd graph
# caught-by: test_gradients_match_library
# message: computation graph was cut
# rule: handout.corr2d-differentiable
def corr2d(X, K):
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    rows = []
    for i in range(X.shape[0] - h + 1):
        rows.append([(X[i : i + h, j : j + w] * K).sum().item() for j in range(X.shape[1] - w + 1)])
    return torch.tensor(rows, dtype=X.dtype)
