# mistake: a "fast path" for 1x1 kernels scales X in place (X.mul_), modifying the caller's input
# caught-by: test_inputs_not_modified
# message: modified its input in place
# rule: handout.corr2d-unmodified
_reference_corr2d = corr2d


def corr2d(X, K):
    if K.shape == (1, 1):
        return X.mul_(K[0, 0])
    return _reference_corr2d(X, K)
