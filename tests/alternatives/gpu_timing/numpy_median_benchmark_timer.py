# alternative: numpy's median; time_conv2d measured with torch.utils.benchmark.Timer; quiz keys from formulas, a list
import numpy as np
from torch.utils.benchmark import Timer


def time_fn(fn, *, sync=None, warmup=3, iters=20, clock=time.perf_counter):
    if min(iters - 1, warmup) < 0:
        raise ValueError("iters >= 1 and warmup >= 0, please")
    wait = sync if sync is not None else (lambda: None)
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        wait()
        t0 = clock()
        fn()
        wait()
        t1 = clock()
        times.append(float(t1 - t0))
    return {"median": float(np.median(times)), "times": times}


def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    timer = Timer("F.conv2d(x, w, **kw)", globals={"F": F, "x": x, "w": w, "kw": conv_kwargs})
    return timer.blocked_autorange(min_run_time=0.02).median


def answers():
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    m, d = v["mean_cold_start"], v["median_slow_start"]
    slow_timed = max(0, d["slow"] - d["warmup"])  # slow calls left after the warm-up
    slow_median = slow_timed > d["iters"] // 2  # iters is odd: the middle one is slow
    return {
        "q1_loop_on_gpu": "b",
        "q2_cudnn_benchmark": "b",
        "q3_cuda_events": ["d", "a", "c"],
        "mean_cold_start": m["kernel_ms"] + m["first_ms"] / m["iters"],
        "median_slow_start": d["kernel_ms"] + (d["extra_ms"] if slow_median else 0),
    }
