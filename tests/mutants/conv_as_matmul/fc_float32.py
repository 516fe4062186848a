# mistake: converts the kernel to float32 whatever the weight's dtype
# caught-by: test_fc_conv_weights_dtype_device_and_gradient
# message: the kernel keeps the weight's dtype
# rule: fc_as_conv_weight.dtype
def fc_as_conv_weight(weight, in_shape):
    C, H, W = in_shape
    return weight.reshape(weight.shape[0], C, H, W).float()
