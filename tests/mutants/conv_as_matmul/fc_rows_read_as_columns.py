# mistake: the flattened index taken as c*H*W + w*H + h (columns of length H), then put back into (H, W)
# caught-by: test_fc_as_conv_weight_matches_linear
# message: height and width swapped
# rule: fc_as_conv_weight.layout
def fc_as_conv_weight(weight, in_shape):
    C, H, W = in_shape
    return weight.reshape(weight.shape[0], C, W, H).transpose(2, 3)
