# mistake: the kernel is reshaped to (O, C, W, H), height and width swapped
# caught-by: test_fc_as_conv_weight_matches_linear
# message: height and width swapped
# rule: fc_as_conv_weight.shape
def fc_as_conv_weight(weight, in_shape):
    C, H, W = in_shape
    return weight.reshape(weight.shape[0], C, W, H)
