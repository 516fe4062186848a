# mistake: "helpfully" treats a 2-D X and K as one channel instead of raising ValueError
# caught-by: test_documented_errors
# message: when X or K is not 3-D
# rule: corr2d_multi_in.not-3d
_reference_multi_in = corr2d_multi_in  # noqa: F821 (the reference's, defined above this file)


def corr2d_multi_in(X, K):
    if X.dim() == 2 and K.dim() == 2:
        X, K = X[None], K[None]
    return _reference_multi_in(X, K)
