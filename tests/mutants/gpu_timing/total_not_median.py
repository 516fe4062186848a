# rule: time_conv2d.median
# mistake: time_conv2d returns the total time of all timed calls, not the median of one
# caught-by: test_time_conv2d_matches_benchmark
# message: the total over all timed calls
def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    sync = torch.cuda.synchronize if torch.device(device).type == "cuda" else None
    return sum(time_fn(lambda: F.conv2d(x, w, **conv_kwargs), sync=sync)["times"])
