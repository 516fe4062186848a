# rule: time_fn.sync-before-every-read
# mistake: no sync between warm-up and the first start time: queued warm-up work is timed
# caught-by: test_warmup_calls_made_and_excluded
# message: includes the cold first call
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        start = clock()
        fn()
        if sync is not None:
            sync()
        times.append(clock() - start)
    return {"median": statistics.median(times), "times": times}
