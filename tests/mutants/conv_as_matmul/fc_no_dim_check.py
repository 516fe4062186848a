# mistake: fc_as_conv_weight reads weight.shape[1] without checking that weight is 2-D: a (2, 12, 1) weight passes
# caught-by: test_fc_conv_weights_errors
# message: weight is not 2-D
# rule: fc_as_conv_weight.not-2d
def fc_as_conv_weight(weight, in_shape):
    C, H, W = in_shape
    if weight.shape[1] != C * H * W:
        raise ValueError("weight does not fit in_shape")
    return weight.reshape(weight.shape[0], C, H, W)
