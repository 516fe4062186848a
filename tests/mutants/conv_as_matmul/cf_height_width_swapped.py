# mistake: flattens each kernel column by column (w before h): the linear layer then reads the input transposed
# caught-by: test_conv_as_fc_weight_matches_conv
# message: height and width swapped
# rule: conv_as_fc_weight.equal
def conv_as_fc_weight(kernel):
    return kernel.transpose(2, 3).reshape(kernel.shape[0], -1)
