# mistake: average-pooling backward averages the gradients of the windows that contain an input (divides by how many windows cover it) instead of giving each position dout / (kh * kw)
# rule: handout.pooling-gradient-sum
# caught-by: test_backward_preserves_gradient_sum
# message: gradient sum is not preserved
def avg_pool2d_backward(dout, cache):
    shape, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(shape, dtype=dout.dtype, device=dout.device)
    count = torch.zeros(shape, dtype=dout.dtype, device=dout.device)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            dx[:, :, rows, cols] += dout[:, :, i, j, None, None]
            count[:, :, rows, cols] += 1
    return dx / count.clamp(min=1)
