# mistake: the 1x1 convolution loops over output channels instead of making one matrix product
# caught-by: test_1x1_is_one_matrix_product
# message: ONE matrix product
def corr2d_multi_in_out_1x1(X, K):
    c, h, w = X.shape
    flat = X.reshape(c, h * w)
    return torch.stack([(K[o, :, 0, 0] @ flat).reshape(h, w) for o in range(K.shape[0])])
