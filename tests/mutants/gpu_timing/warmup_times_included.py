# rule: time_fn.times-without-warmup
# mistake: times the warm-up calls too and keeps them in times (warmup + iters entries)
# caught-by: test_times_has_iters_entries
# message: warm-up times included
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    times = []
    for _ in range(warmup + iters):
        if sync is not None:
            sync()
        start = clock()
        fn()
        if sync is not None:
            sync()
        times.append(clock() - start)
    return {"median": statistics.median(times), "times": times}
