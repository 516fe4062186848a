# alternative: one clock read per call (chained), torch's lower median, partial, device loop
import functools


def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1:
        raise ValueError(f"iters must be at least 1, got {iters}")
    if warmup < 0:
        raise ValueError(f"warmup must not be negative, got {warmup}")
    for _ in range(warmup):
        fn()
    if sync is not None:
        sync()
    times = []
    last = clock()
    for _ in range(iters):
        fn()
        if sync is not None:
            sync()
        now = clock()
        times.append(now - last)
        last = now
    return {"median": torch.tensor(times, dtype=torch.float64).median().item(), "times": times}


def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    device = torch.device(device)
    x = torch.randn(*x_shape, device=device)
    w = torch.randn(*w_shape, device=device)
    sync = torch.cuda.synchronize if device.type == "cuda" else None
    return time_fn(functools.partial(F.conv2d, x, w, **conv_kwargs), sync=sync)["median"]


def compare_devices(x_shape, w_shape):
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    result = {"cpu": None, "cuda": None, "speedup": None}
    for device in devices:
        result[device] = time_conv2d(x_shape, w_shape, device)
    if result["cuda"] is not None:
        result["speedup"] = result["cpu"] / result["cuda"]
    return result
