# rule: time_fn.sync-before-every-read
# mistake: never calls sync(), so each time is the launch of the kernel, not the kernel
# caught-by: test_median_matches_kernel_time
# message: no sync
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        start = clock()
        fn()
        times.append(clock() - start)
    return {"median": statistics.median(times), "times": times}
