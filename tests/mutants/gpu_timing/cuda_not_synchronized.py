# rule: time_conv2d.cuda-synchronized
# mistake: time_conv2d passes no sync on a CUDA device, so it times the launch, not the kernel
# caught-by: test_time_conv2d_synchronizes_on_cuda
# message: on a CUDA device each call is synchronized
def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    device = torch.device(device)
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    with torch.no_grad():
        return float(time_fn(lambda: F.conv2d(x, w, **conv_kwargs))["median"])
