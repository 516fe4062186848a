# rule: time_fn.iters-below-1
# mistake: checks warmup only; iters=0 then fails with an IndexError, not ValueError
# caught-by: test_time_fn_raises_for_bad_counts
# message: must raise ValueError when iters < 1
def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if warmup < 0:
        raise ValueError("warmup must be >= 0")
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
    ordered = sorted(times)
    n = len(ordered)
    median = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return {"median": median, "times": times}
