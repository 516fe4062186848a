# rule: time_fn.sync-before-every-read
# mistake: calls sync() once, after the timing loop, so the per-call times are launches
# caught-by: test_sync_called_for_every_timed_call
# message: sync only at the end
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        start = clock()
        fn()
        times.append(clock() - start)
    if sync is not None:
        sync()
    return {"median": statistics.median(times), "times": times}
