# rule: time_fn.clock-given
# mistake: calls time.perf_counter directly instead of the clock it is given
# caught-by: test_clock_argument_honoured
# message: clock argument was ignored
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if iters < 1 or warmup < 0:
        raise ValueError("need iters >= 1 and warmup >= 0")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        if sync is not None:
            sync()
        start = time.perf_counter()
        fn()
        if sync is not None:
            sync()
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "times": times}
