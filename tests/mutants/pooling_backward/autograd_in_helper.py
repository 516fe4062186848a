# mistake: the backward hides autograd in a helper (re-run a differentiable forward, torch.autograd.grad)
# caught-by: test_no_library_pooling_or_autograd
# message: autograd ran inside it
# rule: avg_pool2d_backward.no-autograd
def _gradient_of_forward(x_shape, kernel, stride, dout):
    (kh, kw), (sh, sw) = kernel, stride
    x = torch.zeros(x_shape, dtype=dout.dtype, device=dout.device, requires_grad=True)
    with torch.enable_grad():
        rows = [
            torch.stack(
                [x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].mean(dim=(2, 3))
                 for j in range(dout.shape[3])],
                dim=-1,
            )
            for i in range(dout.shape[2])
        ]
        out = torch.stack(rows, dim=-2)
        return torch.autograd.grad(out, x, dout)[0]


def avg_pool2d_backward(dout, cache):
    shape, kernel, stride = cache
    return _gradient_of_forward(shape, kernel, stride, dout)
