# mistake: transposes X and K in place with .t_() to "save memory", leaving K transposed
# caught-by: test_inputs_not_modified
# message: modified its input in place
# rule: handout.transposes-unmodified
def edge_responses(X, K):
    out = {"X,K": corr2d(X, K)}
    X.t_()
    out["X.T,K"] = corr2d(X, K)
    K.t_()
    out["X.T,K.T"] = corr2d(X, K)
    X.t_()
    out["X,K.T"] = corr2d(X, K)
    return out
