# rule: time_fn.timed-one-by-one
# mistake: times the iters calls as one block and reports the block's average for each call
# caught-by: test_times_are_the_timed_calls_one_by_one
# message: timed as one block
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    if sync is not None:
        sync()
    start = clock()
    for _ in range(iters):
        fn()
    if sync is not None:
        sync()
    times = [(clock() - start) / iters] * iters
    return {"median": statistics.median(times), "times": times}
