# rule: time_conv2d.seconds
# mistake: time_conv2d returns milliseconds (as CUDA events do), not seconds
# caught-by: test_time_conv2d_matches_benchmark
# message: milliseconds
def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    sync = torch.cuda.synchronize if torch.device(device).type == "cuda" else None
    return time_fn(lambda: F.conv2d(x, w, **conv_kwargs), sync=sync)["median"] * 1000
