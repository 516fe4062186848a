# mistake: converts the weight to float32 whatever the kernel's dtype
# caught-by: test_fc_conv_weights_dtype_device_and_gradient
# message: the weight keeps the kernel's dtype
# rule: conv_as_fc_weight.dtype
def conv_as_fc_weight(kernel):
    return kernel.reshape(kernel.shape[0], -1).to(torch.float32)
