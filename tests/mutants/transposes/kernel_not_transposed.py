# mistake: forgets to transpose the kernel in "X.T,K.T", computing corr2d(X.T, K) there
# caught-by: test_transpose_identity
# message: kernel K was not transposed
# rule: edge_responses.xt-kt
def edge_responses(X, K):
    return {
        "X,K": corr2d(X, K),
        "X.T,K": corr2d(X.T, K),
        "X,K.T": corr2d(X, K.T),
        "X.T,K.T": corr2d(X.T, K),
    }
