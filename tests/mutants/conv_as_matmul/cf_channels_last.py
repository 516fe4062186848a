# mistake: flattens each kernel channels-last (h, w, c), not in x.flatten(1)'s order (c, h, w)
# caught-by: test_conv_as_fc_weight_matches_conv
# message: channels-last order
# rule: conv_as_fc_weight.layout
def conv_as_fc_weight(kernel):
    return kernel.permute(0, 2, 3, 1).reshape(kernel.shape[0], -1)
