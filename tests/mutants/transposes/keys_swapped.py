# mistake: mixes up image and kernel in a key: "X,K.T" holds corr2d(X.T, K), not corr2d(X, K.T)
# caught-by: test_matches_conv2d
# message: keys are mixed up
# rule: edge_responses.x-kt
def edge_responses(X, K):
    return {
        "X,K": corr2d(X, K),
        "X.T,K": corr2d(X.T, K),
        "X,K.T": corr2d(X.T, K),
        "X.T,K.T": corr2d(X.T, K.T),
    }
