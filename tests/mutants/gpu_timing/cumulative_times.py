# rule: time_fn.timed-one-by-one
# mistake: each time is measured from the first clock read (cumulative), not per call
# caught-by: test_clock_argument_honoured
# message: not times since the first read
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    if sync is not None:
        sync()
    times = []
    start = clock()
    for _ in range(iters):
        fn()
        if sync is not None:
            sync()
        times.append(clock() - start)
    return {"median": statistics.median(times), "times": times}
