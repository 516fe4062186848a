# rule: time_fn.sync-before-every-read
# mistake: reads the end time, then calls sync(): the clock is read before the kernel ran
# caught-by: test_median_matches_kernel_time
# message: clock was read before sync
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
        end = clock()
        if sync is not None:
            sync()
        times.append(end - start)
    return {"median": statistics.median(times), "times": times}
