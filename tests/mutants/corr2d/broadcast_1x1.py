# mistake: a broadcast multiply-and-sum instead of a matrix product (right values, no product)
# caught-by: test_1x1_is_one_matrix_product
# message: single matrix product
# rule: corr2d_multi_in_out_1x1.single-product
def corr2d_multi_in_out_1x1(X, K):
    return (K[:, :, :1, :1] * X[None]).sum(dim=1)
