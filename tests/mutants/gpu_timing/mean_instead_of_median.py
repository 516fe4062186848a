# rule: time_fn.median
# mistake: reports the mean of the times, which one slow call pulls up, not the median
# caught-by: test_median_not_mean
# message: mean instead of median
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
        times.append(clock() - start)
    return {"median": sum(times) / len(times), "times": times}
