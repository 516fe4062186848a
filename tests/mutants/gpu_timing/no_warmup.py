# rule: time_fn.warmup-made
# mistake: ignores warmup, so the cold first call is timed (hidden here by the median)
# caught-by: test_warmup_calls_made_and_excluded
# message: no warm-up calls
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    times = []
    for _ in range(iters):
        if sync is not None:
            sync()
        start = clock()
        fn()
        if sync is not None:
            sync()
        times.append(clock() - start)
    return {"median": statistics.median(times), "times": times}
