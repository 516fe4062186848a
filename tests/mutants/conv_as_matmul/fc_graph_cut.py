# mistake: rebuilds the kernel from weight.tolist(), which cuts the autograd graph to the weight
# caught-by: test_fc_conv_weights_dtype_device_and_gradient
# message: graph was cut
# rule: handout.differentiable
def fc_as_conv_weight(weight, in_shape):
    C, H, W = in_shape
    values = torch.tensor(weight.tolist(), dtype=weight.dtype, device=weight.device)
    return values.reshape(weight.shape[0], C, H, W)
