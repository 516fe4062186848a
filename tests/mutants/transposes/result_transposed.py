# mistake: believes transposing the image transposes the output, so "X.T,K" is corr2d(X, K).T
# caught-by: test_matches_conv2d
# message: transposed the result instead of the input
# rule: edge_responses.xt-k
def edge_responses(X, K):
    Y = corr2d(X, K)
    return {"X,K": Y, "X.T,K": Y.T, "X,K.T": corr2d(X, K.T), "X.T,K.T": corr2d(X.T, K.T)}
