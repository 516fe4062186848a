# mistake: mixes up the keys: "X.T,K" holds corr2d(X, K.T) and "X,K.T" holds corr2d(X.T, K)
# caught-by: test_matches_conv2d
# message: keys are mixed up
def edge_responses(X, K):
    return {
        "X,K": corr2d(X, K),
        "X.T,K": corr2d(X, K.T),
        "X,K.T": corr2d(X.T, K),
        "X.T,K.T": corr2d(X.T, K.T),
    }
