# alternative: the kernel filled entry by entry from the handout's index formula (a new
# tensor on the weight's device, written by slices), the weight with flatten(1)
def fc_as_conv_weight(weight, in_shape):
    if weight.ndim != 2:
        raise ValueError("weight must be (O, C*H*W)")
    if len(in_shape) != 3 or any(not isinstance(n, int) or n < 1 for n in in_shape):
        raise ValueError("in_shape must be three positive ints")
    C, H, W = in_shape
    if weight.size(1) != C * H * W:
        raise ValueError("weight does not have C*H*W columns")
    kernel = weight.new_empty((weight.size(0), C, H, W))
    for c in range(C):
        for h in range(H):
            for w in range(W):
                kernel[:, c, h, w] = weight[:, c * H * W + h * W + w]
    return kernel


def conv_as_fc_weight(kernel):
    if kernel.ndim != 4:
        raise ValueError("kernel must be (O, C, H, W)")
    return kernel.flatten(1)
