# rule: time_conv2d.conv-kwargs
# mistake: accepts **conv_kwargs but does not pass them on to F.conv2d
# caught-by: test_time_conv2d_forwards_conv_kwargs
# message: conv_kwargs ignored
def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    sync = torch.cuda.synchronize if torch.device(device).type == "cuda" else None
    return time_fn(lambda: F.conv2d(x, w), sync=sync)["median"]
