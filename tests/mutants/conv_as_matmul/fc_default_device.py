# mistake: copies the weight into torch.empty(shape, dtype=...) with no device: on a GPU it is on the CPU
# caught-by: test_fc_conv_weights_dtype_device_and_gradient
# message: not on weight's device
# rule: fc_as_conv_weight.device
def fc_as_conv_weight(weight, in_shape):
    C, H, W = in_shape
    kernel = torch.empty((weight.shape[0], C, H, W), dtype=weight.dtype)
    kernel.copy_(weight.reshape(weight.shape[0], C, H, W))
    return kernel
