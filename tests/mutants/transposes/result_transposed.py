# mistake: believes transposing an input transposes the output, so returns corr2d(X, K).T
# caught-by: test_matches_conv2d
# message: transposed the result instead of the input
def edge_responses(X, K):
    Y = corr2d(X, K)
    return {"X,K": Y, "X.T,K": Y.T, "X,K.T": Y.T, "X.T,K.T": corr2d(X.T, K.T)}
