# mistake: conv_as_fc_weight does not check that the kernel is 4-D: a (2, 3, 4) kernel gives a (2, 12) weight
# caught-by: test_fc_conv_weights_errors
# message: kernel is not 4-D
# rule: conv_as_fc_weight.not-4d
def conv_as_fc_weight(kernel):
    return kernel.reshape(kernel.shape[0], -1)
