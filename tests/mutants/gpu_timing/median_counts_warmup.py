# rule: time_fn.warmup-not-timed
# mistake: times the warm-up calls too and takes the median of all calls (times itself is right)
# caught-by: test_median_of_the_timed_calls
# message: counts the warm-up calls
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    every = []
    for _ in range(warmup + iters):
        if sync is not None:
            sync()
        start = clock()
        fn()
        if sync is not None:
            sync()
        every.append(clock() - start)
    return {"median": statistics.median(every), "times": every[warmup:]}
