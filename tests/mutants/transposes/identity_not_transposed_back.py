# mistake: gets "X,K" from the identity with corr2d(X.T, K.T) but forgets to transpose it back
# caught-by: test_matches_conv2d
# message: the value under 'X,K' is corr2d(X.T, K.T)
# rule: edge_responses.x-k
def edge_responses(X, K):
    both = corr2d(X.T, K.T)
    return {"X,K": both, "X.T,K": corr2d(X.T, K), "X,K.T": corr2d(X, K.T), "X.T,K.T": both}
