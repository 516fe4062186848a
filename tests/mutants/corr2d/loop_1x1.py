# mistake: flattens the channels in a Python loop (one matrix product, but a loop the rule forbids)
# caught-by: test_1x1_is_one_matrix_product
# message: no Python loop
# rule: corr2d_multi_in_out_1x1.no-loop
def corr2d_multi_in_out_1x1(X, K):
    c, h, w = X.shape
    flat = torch.stack([X[i].reshape(h * w) for i in range(c)])
    return (K.reshape(K.shape[0], c) @ flat).reshape(-1, h, w)
