# mistake: no channel check: zip() silently drops the input channels that have no kernel slice
# caught-by: test_documented_errors
# message: when the channel counts differ
# rule: corr2d_multi_in.channels
def corr2d_multi_in(X, K):
    if X.dim() != 3 or K.dim() != 3:
        raise ValueError("expected 3-D X and K")
    return sum(corr2d(x, k) for x, k in zip(X, K))
