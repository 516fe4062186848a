# alternative: computes two results with corr2d and gets the others from the transpose identities
def edge_responses(X, K):
    Y = corr2d(X, K)
    Z = corr2d(X, K.T)
    return {"X,K": Y, "X.T,K": Z.T, "X,K.T": Z, "X.T,K.T": Y.T}
