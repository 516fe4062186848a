# mistake: corr2d_differentiable checks only that K fits, not that X and K are 2-D: a 1-D K is read as one row
# caught-by: test_corr2d_differentiable_errors
# message: X or K is not 2-D
# rule: corr2d_differentiable.not-2d
_reference_corr2d = corr2d_differentiable


def corr2d_differentiable(X, K):
    if K.dim() == 1:
        K = K.reshape(1, -1)
    if X.dim() == 3:
        X = X.sum(0)
    return _reference_corr2d(X, K)
