# rule: time_fn.sync-none
# mistake: calls sync() unconditionally, which fails on a CPU where sync is None
# caught-by: test_clock_argument_honoured
# message: sync may be None
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        sync()
        start = clock()
        fn()
        sync()
        times.append(clock() - start)
    return {"median": statistics.median(times), "times": times}
