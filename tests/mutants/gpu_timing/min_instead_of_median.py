# rule: time_fn.median
# mistake: reports the fastest time (the minimum), not the median of the timed calls
# caught-by: test_median_of_the_timed_calls
# message: the minimum instead of the median
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
    return {"median": min(times), "times": times}
