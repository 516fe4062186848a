# mistake: copies the kernel into torch.zeros(shape, dtype=...) with no device: on a GPU it is on the CPU
# caught-by: test_fc_conv_weights_dtype_device_and_gradient
# message: not on kernel's device
# rule: conv_as_fc_weight.device
def conv_as_fc_weight(kernel):
    O = kernel.shape[0]
    weight = torch.zeros((O, kernel[0].numel()), dtype=kernel.dtype)
    weight.copy_(kernel.reshape(O, -1))
    return weight
