# mistake: returns the (O, H*W) product without reshaping it to (O, H, W)
# caught-by: test_1x1_is_one_matrix_product
# message: output shape
# rule: corr2d_multi_in_out_1x1.shape
def corr2d_multi_in_out_1x1(X, K):
    c, h, w = X.shape
    return K.reshape(K.shape[0], c) @ X.reshape(c, h * w)
