# mistake: transposes the weight first (as if it were (C*H*W, O)), then reshapes: the sizes fit, the values do not
# caught-by: test_fc_as_conv_weight_matches_linear
# message: the weight was transposed
# rule: fc_as_conv_weight.equal
def fc_as_conv_weight(weight, in_shape):
    C, H, W = in_shape
    return weight.t().reshape(weight.shape[0], C, H, W)
