# rule: time_fn.seconds
# mistake: time_fn reports milliseconds (the times and their median times 1000), not seconds
# caught-by: test_median_matches_kernel_time
# message: milliseconds
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        if sync is not None:
            sync()
        start = clock()
        fn()
        if sync is not None:
            sync()
        times.append((clock() - start) * 1000)
    return {"median": statistics.median(times), "times": times}


def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    device = torch.device(device)
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    sync = (lambda: torch.cuda.synchronize(device)) if device.type == "cuda" else None
    with torch.no_grad():
        return time_fn(lambda: F.conv2d(x, w, **conv_kwargs), sync=sync)["median"] / 1000
