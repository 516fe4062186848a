# mistake: max_pool2d_backward re-runs the forward on a leaf copy of x and asks
# torch.autograd.grad for dx (automatic differentiation, not a backward by hand)
# caught-by: test_no_library_pooling_or_autograd
# message: automatic differentiation
# rule: max_pool2d_backward.no-autograd
def max_pool2d_backward(dout, cache):
    x, kernel, stride = cache
    leaf = x.detach().clone().to(dout.dtype).requires_grad_(True)
    with torch.enable_grad():
        out, _ = max_pool2d_forward(leaf, kernel, stride)
        return torch.autograd.grad(out, leaf, dout)[0]
