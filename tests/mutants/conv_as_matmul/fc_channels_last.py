# mistake: reads the weight's columns as channels-last (NHWC) flattening, c inner, then permutes to (O, C, H, W)
# caught-by: test_fc_as_conv_weight_matches_linear
# message: channels-last order
# rule: fc_as_conv_weight.layout
def fc_as_conv_weight(weight, in_shape):
    C, H, W = in_shape
    return weight.reshape(weight.shape[0], H, W, C).permute(0, 3, 1, 2)
