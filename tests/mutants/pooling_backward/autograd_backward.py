# mistake: the backward re-runs a differentiable forward and calls .backward() (autograd)
# caught-by: test_no_library_pooling_or_autograd
# message: automatic differentiation
# rule: avg_pool2d_backward.no-autograd
def avg_pool2d_backward(dout, cache):
    shape, (kh, kw), (sh, sw) = cache
    x = torch.zeros(shape, dtype=dout.dtype, device=dout.device, requires_grad=True)
    rows = []
    for i in range(dout.shape[2]):
        row = [x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].mean(dim=(2, 3))
               for j in range(dout.shape[3])]
        rows.append(torch.stack(row, dim=-1))
    out = torch.stack(rows, dim=-2)
    with torch.enable_grad():
        out.backward(dout)
    return x.grad
