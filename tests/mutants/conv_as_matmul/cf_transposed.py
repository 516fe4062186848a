# mistake: returns the weight transposed, (C*H*W, O), as if the layer computed weight.T @ x
# caught-by: test_conv_as_fc_weight_matches_conv
# message: the weight is transposed
# rule: conv_as_fc_weight.shape
def conv_as_fc_weight(kernel):
    return kernel.reshape(kernel.shape[0], -1).T
