"""Public checks for exercise 10, gpu_timing: time_fn on an emulated asynchronous device
(the handout's 10 ms example), the form of time_conv2d's and compare_devices' results,
and the form of the quiz answers.

Run them on your own work with ``pytest tests/public/test_gpu_timing.py``. No GPU is
needed: ``time_fn`` is given an emulated device whose ``launch()`` returns at once and
whose ``sync()`` waits until the queued kernels are done, and the device's own clock
(``clock=``): its time moves only with the device's work, so the figures are exact
whatever else the machine is doing.
"""

import math

import torch

from autograder.boundary.submission import StudentCodeError
from autograder.checks import expect_equal, fail
from autograder.quiz.form import QuizForm

KERNEL_S = 0.010  # the handout's worked example: a 10 ms kernel
FIRST_CALL_S = 0.05  # the cold first launch costs this much more
LAUNCH_S = 2**-20  # the emulated host time to launch a kernel, part of every timed call


def _device(impl, kernel_s=KERNEL_S, first_call_s=FIRST_CALL_S):
    """An emulated GPU in the worker, and handles to its launch, sync and clock."""
    dev = impl.helper("emulated_async_device", kernel_s=kernel_s, first_call_s=first_call_s)
    return dev, dev.attr("launch", keep=True), dev.attr("sync", keep=True)


def _clock(dev):
    return dev.attr("clock", keep=True)


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _seconds(value):
    """A float from a number or a one-element tensor; None if it is neither."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and value.is_floating_point():
        return float(value)
    return float(value) if _number(value) else None


def _timed(impl, fn, *, what, **kwargs):
    """time_fn's result, checked for its form: {"median": float, "times": [floats]}."""
    result = impl.time_fn(fn, **kwargs)
    if not isinstance(result, dict):
        fail(
            f"{what}: time_fn returned a {type(result).__name__}; return a dict "
            '{"median": seconds, "times": [seconds, ...]}'
        )
    missing = [key for key in ("median", "times") if key not in result]
    if missing:
        fail(f"{what}: time_fn's result has no {' or '.join(map(repr, missing))} key")
    median = _seconds(result["median"])
    if median is None:
        fail(
            f"{what}: result['median'] is a {type(result['median']).__name__}; return a "
            "float (seconds)"
        )
    times = result["times"]
    if isinstance(times, torch.Tensor) and times.dim() == 1:
        times = times.tolist()
    if not isinstance(times, list | tuple) or not all(_number(t) for t in times):
        fail(
            f"{what}: result['times'] must be a list of floats (seconds), got "
            f"{type(times).__name__}"
        )
    return {"median": median, "times": [float(t) for t in times]}


def test_time_fn_result_form(impl):
    dev, launch, sync = _device(impl, kernel_s=0.002, first_call_s=0.0)
    result = _timed(
        impl,
        launch,
        what="time_fn(warmup=2, iters=5)",
        sync=sync,
        warmup=2,
        iters=5,
        clock=_clock(dev),
    )
    expect_equal(
        len(result["times"]),
        5,
        what="len(times) with iters=5",
        hint="one time per timed call; the warm-up calls are not timed",
    )
    if any(t < 0 for t in result["times"]):
        fail("time_fn: negative times; a time is clock() after the call minus clock() before it")


def test_time_fn_measures_a_10ms_kernel(impl):
    dev, launch, sync = _device(impl)
    result = _timed(
        impl,
        launch,
        what="time_fn on a 10 ms emulated kernel",
        sync=sync,
        warmup=3,
        iters=10,
        clock=_clock(dev),
    )
    median, stats = result["median"], dev.stats()
    if abs(median - (KERNEL_S + LAUNCH_S)) <= 1e-9:  # the emulated clock is exact
        return
    if stats["reads"] == 0:
        hint = "the clock argument was ignored: read time with clock(), not time.perf_counter"
    elif stats["syncs"] == 0:
        hint = (
            "no sync: launch() returns at once, so without calling sync() you time the "
            "launch, not the kernel"
        )
    elif median < KERNEL_S:
        hint = (
            "the kernels had not finished when the clock was read: call sync() before "
            "EVERY clock read (not only once, and not after reading the clock)"
        )
    else:
        hint = (
            "the slow first call was counted: make warm-up calls first and take the "
            "median of the timed calls, not the mean"
        )
    fail(
        f"time_fn on an emulated 10 ms kernel (warmup=3, iters=10) measured "
        f"{median * 1e3:.6g} ms, expected exactly 10.00095 ms (the kernel and its 1 us "
        f"launch). Likely mistake: {hint}"
    )


def test_time_fn_makes_warmup_calls(impl):
    dev, launch, sync = _device(impl, kernel_s=0.002, first_call_s=0.0)
    _timed(
        impl,
        launch,
        what="time_fn(warmup=3, iters=4)",
        sync=sync,
        warmup=3,
        iters=4,
        clock=_clock(dev),
    )
    expect_equal(
        dev.stats()["launches"],
        7,
        what="fn() calls made by time_fn(warmup=3, iters=4)",
        hint="call fn() warmup times without timing it, then iters times, each timed",
        show_expected=True,
    )


def test_time_conv2d_returns_seconds(impl):
    """Run on an emulated CPU: while time_conv2d runs, the clocks it reads (time's,
    timeit's, torch.utils.benchmark's) are the checks' own, this convolution takes
    exactly 8 * 4 * 9 * 24 * 24 multiply-adds times 2**-32 s, whatever your machine,
    and any other operator (making an input, say) a quarter of that."""
    x_shape, w_shape = (1, 4, 24, 24), (8, 4, 3, 3)
    what = f"time_conv2d({x_shape}, {w_shape}, 'cpu', padding=1)"
    truth = 8 * 4 * 9 * 24 * 24 * 2**-32
    cpu = impl.helper("emulated_cpu", s_per_mac=2**-32, op_s=truth / 4)
    got = cpu.attr("run", keep=True)("time_conv2d", x_shape, w_shape, "cpu", padding=1)
    seconds = _seconds(got)
    if seconds is None or not seconds > 0:
        fail(f"{what} returned {got!r}; return the median time in seconds, a positive float")
    if abs(seconds - truth) > 1e-6 * truth:  # the emulated clock is exact
        extra = (seconds - truth) / (truth / 4)
        fail(
            f"{what} returned {seconds:.4g} on the checks' emulated CPU, where one call takes "
            f"exactly {truth:.4g} s and any other operator {truth / 4:.4g} s. Likely mistake: "
            + (
                "making the inputs is not timed: make x and w first, time F.conv2d alone"
                if 0.5 < extra < 8.5 and abs(extra - round(extra)) < 0.01
                else "milliseconds instead of seconds, or the total over all timed calls "
                "instead of the median of one"
            )
        )


def test_compare_devices_form(impl):
    try:
        result = impl.compare_devices((1, 3, 16, 16), (4, 3, 3, 3))
    except StudentCodeError as error:
        if error.remote_type == "NotImplementedError" or "cuda" not in str(error).lower():
            raise
        fail(
            f"{error}. Likely mistake: without a GPU, check torch.cuda.is_available() and "
            "return None for 'cuda' and 'speedup' instead of timing on 'cuda'"
        )
    if not isinstance(result, dict) or set(result) != {"cpu", "cuda", "speedup"}:
        fail(
            f"compare_devices must return a dict with the keys 'cpu', 'cuda', 'speedup'; "
            f"got {result!r}"
        )
    cpu, cuda, speedup = (_seconds(result[key]) for key in ("cpu", "cuda", "speedup"))
    if cpu is None or not cpu > 0:
        fail(f"compare_devices: 'cpu' must be a positive float (seconds), got {result['cpu']!r}")
    if not torch.cuda.is_available():
        if result["cuda"] is not None or result["speedup"] is not None:
            fail(
                "compare_devices without a GPU: 'cuda' and 'speedup' must be None, got "
                f"{result['cuda']!r} and {result['speedup']!r}"
            )
    elif not (cuda and speedup) or not math.isclose(speedup, cpu / cuda, rel_tol=1e-6):
        fail(
            "compare_devices with a GPU: 'cuda' must be seconds and 'speedup' cpu / cuda, "
            f"got {result!r}"
        )


test_quiz_form = QuizForm(__file__, "gpu_timing").test()
