# mistake: flattens X channels-last (permute to (H, W, C), then reshape to (C, H*W)): pixels mixed
# caught-by: test_1x1_is_one_matrix_product
# message: reshape X to (C, H*W)
# rule: corr2d_multi_in_out_1x1.equal
def corr2d_multi_in_out_1x1(X, K):
    c, h, w = X.shape
    return (K.reshape(K.shape[0], c) @ X.permute(1, 2, 0).reshape(c, h * w)).reshape(-1, h, w)
