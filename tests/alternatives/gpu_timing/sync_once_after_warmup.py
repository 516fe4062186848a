# alternative: one sync after warm-up, then sync only before each end read; hand-written median
def _median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if not (iters >= 1 and warmup >= 0):
        raise ValueError("bad counts")
    for _ in range(warmup):
        fn()
    if sync is not None:
        sync()
    times = []
    for _ in range(iters):
        start = clock()
        fn()
        if sync is not None:
            sync()
        times.append(clock() - start)
    return {"median": _median(times), "times": times}


def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    on = torch.device(device)
    x, w = torch.rand(x_shape, device=on), torch.rand(w_shape, device=on)

    def run():
        with torch.inference_mode():
            F.conv2d(x, w, **conv_kwargs)

    return float(time_fn(run, sync=torch.cuda.synchronize if on.type == "cuda" else None)["median"])
