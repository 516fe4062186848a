# mistake: fc_as_conv_weight trusts in_shape: (2, 0, 3) with an empty weight gives an empty kernel
# caught-by: test_fc_conv_weights_errors
# message: in_shape is not three positive ints
# rule: fc_as_conv_weight.in-shape
def fc_as_conv_weight(weight, in_shape):
    if weight.dim() != 2:
        raise ValueError("weight must be 2-D")
    C, H, W = in_shape
    if weight.shape[1] != C * H * W:
        raise ValueError("weight does not fit in_shape")
    return weight.reshape(weight.shape[0], C, H, W)
