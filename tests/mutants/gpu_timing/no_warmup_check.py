# rule: time_fn.warmup-negative
# mistake: checks iters only; a negative warmup is silently taken as no warm-up
# caught-by: test_time_fn_raises_for_bad_counts
# message: must raise ValueError when warmup < 0
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1:
        raise ValueError("iters must be >= 1")
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
    return {"median": statistics.median(times), "times": times}
