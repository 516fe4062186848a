# rule: time_conv2d.inputs-not-timed
# mistake: makes the random inputs inside the timed call, so their creation is timed too
# caught-by: test_time_conv2d_matches_benchmark
# message: making the inputs is not timed
def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    device = torch.device(device)
    sync = (lambda: torch.cuda.synchronize(device)) if device.type == "cuda" else None

    def call():
        x = torch.randn(x_shape, device=device)
        w = torch.randn(w_shape, device=device)
        return F.conv2d(x, w, **conv_kwargs)

    with torch.no_grad():
        return float(time_fn(call, sync=sync)["median"])
