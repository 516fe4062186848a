# mistake: reshape(-1, C, H, W) and no size check: a (4, 6) weight with in_shape (2, 2, 3) becomes a (2, 2, 2, 3) kernel
# caught-by: test_fc_conv_weights_errors
# message: weight does not have C * H * W columns
# rule: fc_as_conv_weight.size
def fc_as_conv_weight(weight, in_shape):
    if weight.dim() != 2:
        raise ValueError("weight must be 2-D")
    C, H, W = in_shape
    return weight.reshape(-1, C, H, W)
