# rule: time_fn.iters-timed
# mistake: the timing loop runs over range(1, iters), one timed call short
# caught-by: test_times_has_iters_entries
# message: iters off by one
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(1, iters):
        if sync is not None:
            sync()
        start = clock()
        fn()
        if sync is not None:
            sync()
        times.append(clock() - start)
    return {"median": statistics.median(times), "times": times}
