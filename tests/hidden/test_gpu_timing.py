"""Hidden checks for exercise 10, gpu_timing: time_fn on an emulated asynchronous device
(accuracy, synchronization, warm-up, number of times, median, the clock argument), and
time_conv2d / compare_devices on an emulated CPU; the quiz, each answer against the
graded student's own variant (keys from the reference, recomputed here).

No GPU is needed, and no figure depends on this machine's load. ``time_fn`` is handed
the bound ``launch`` and ``sync`` methods of a grader-built EmulatedAsyncDevice
(launching returns at once, ``sync()`` waits until the queued kernels are done, the
first launch is slow) and the device's own ``clock``: its time moves only with the
device's work, so every figure is exact and a wrong timer is caught by logic. Its counts
of launches, syncs and clock reads say what the student's timer did. A fake clock is the
bound ``pop`` of a list kept in the worker: each read returns the next tick.
``time_conv2d`` and ``compare_devices`` run on an EmulatedCPU: while they run, every
clock they can read (time's, timeit's, torch.utils.benchmark's) is the grader's, and a
convolution takes exactly its multiply-adds times S_PER_MAC. ``time_conv2d(...,
"cuda")`` runs on an EmulatedCUDA (every grader, GPU or not): torch.cuda exists for the
call, a convolution on the device is queued (GPU_S_PER_MAC per multiply-add) and returns
after its launch, and ``torch.cuda.synchronize()`` waits for the queue, all on the
grader's clock, so an unsynchronized timer reports the launch. Only where CUDA is
really available does compare_devices's check also time the GPU for real, against
``torch.utils.benchmark.Timer`` run here, in the trusted process; without it, it checks
the None form. Never a skip.
"""

import math
import statistics

import pytest
import torch
import torch.nn.functional as F
from torch.utils.benchmark import Timer

from autograder.boundary.submission import StudentCodeError
from autograder.checks import describe, expect_equal, fail, randint
from autograder.quiz.grading import QuizChecks

S_PER_MAC = 2**-32  # the emulated CPU's time per multiply-add (about 4.3 GMAC/s)
# Only with a real GPU (never on the grading machine) are timings measured on this
# machine, against torch.utils.benchmark, within these factors, and measured once more
# before they fail: a busy machine can slow one measurement, a wrong timer is always
# wrong. Everything else runs on the grader's clocks and is exact.
CPU_FACTOR = 3.0  # compare_devices()["cpu"] vs torch.utils.benchmark, with a GPU
CUDA_FACTOR = 2.0  # time_conv2d on the GPU vs torch.utils.benchmark
ATTEMPTS = 2
LAUNCH_S = 2**-20  # EmulatedAsyncDevice's host time per launch: part of every timed call
EXACT_S = 1e-9  # the emulated clocks are exact: any sound timer is off by float rounding only
OP_FRACTION = 0.25  # on the emulated CPU, any other operator costs this much of the conv
GPU_S_PER_MAC = 2**-34  # the emulated CUDA device's time per multiply-add, queued


# -- helpers -------------------------------------------------------------------
def _device(impl, kernel_s, first_call_s):
    """An emulated GPU in the worker, and handles to its launch and sync methods."""
    dev = impl.helper("emulated_async_device", kernel_s=kernel_s, first_call_s=first_call_s)
    return dev, dev.attr("launch", keep=True), dev.attr("sync", keep=True)


def _clock(dev):
    """The emulated device's clock: the time a timer handed it measures is exact."""
    return dev.attr("clock", keep=True)


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _seconds(value):
    """A float from a number or a one-element tensor; None if it is neither."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and value.is_floating_point():
        return float(value)
    return float(value) if _number(value) else None


def _time_fn(impl, fn, config, **kwargs):
    """Call the student's time_fn; return (median, times) after checking their form."""
    where = f"time_fn [{describe(config)}]"
    try:
        result = impl.time_fn(fn, **kwargs)
    except StudentCodeError as error:
        if error.remote_type == "NotImplementedError":
            raise
        hint = ""
        if "NoneType" in str(error) and kwargs.get("sync") is None:
            hint = " Likely mistake: sync may be None (on a CPU); call it only when given."
        fail(f"{where}: {error}.{hint}")
    if not isinstance(result, dict) or "median" not in result or "times" not in result:
        fail(
            f'{where}: return a dict {{"median": seconds, "times": [seconds, ...]}}, '
            f"got a {type(result).__name__}"
        )
    median = _seconds(result["median"])
    times = result["times"]
    if isinstance(times, torch.Tensor) and times.dim() == 1:
        times = times.tolist()
    if median is None or not isinstance(times, list | tuple) or not all(_number(t) for t in times):
        fail(f"{where}: 'median' must be a float and 'times' a list of floats (seconds)")
    return median, [float(t) for t in times]


def _middle(times):
    """The lowest and highest value a median of ``times`` can take."""
    ordered = sorted(times)
    n = len(ordered)
    return ordered[(n - 1) // 2], ordered[n // 2]


def _benchmark(x_shape, w_shape, device, kwargs, min_run_time=0.03):
    """Seconds per F.conv2d call measured by torch.utils.benchmark (trusted side): the
    fastest and the median block. On a busy machine a block of many calls is often
    interrupted, so the median of blocks runs above a median of single calls; the
    fastest block bounds the true time from below."""
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    with torch.no_grad():
        F.conv2d(x, w, **kwargs)  # warm-up: the Timer's own is short
        timer = Timer("F.conv2d(x, w, **kw)", globals={"F": F, "x": x, "w": w, "kw": kwargs})
        measured = timer.blocked_autorange(min_run_time=min_run_time)
    return min(measured.times), measured.median


def _against_benchmark(call, figure, x_shape, w_shape, device, kwargs, factor):
    """Call the student's code between two trusted measurements; return (its result,
    low, high): low the fastest block seen, high the larger median. A figure that
    misses is measured once more (the machine may have been busy for a moment)."""
    for _ in range(ATTEMPTS):
        before = _benchmark(x_shape, w_shape, device, kwargs)
        result = call()
        after = _benchmark(x_shape, w_shape, device, kwargs)
        low, high = min(before[0], after[0]), max(before[1], after[1])
        seconds = _seconds(figure(result))
        if seconds is not None and low / factor <= seconds <= high * factor:
            break
    return result, low, high


def _ms(seconds):
    return f"{seconds * 1e3:.3g} ms"


# -- time_fn on the emulated device ----------------------------------------------
@pytest.mark.points(4)
def test_median_matches_kernel_time(impl, rng, seed):
    kernel_s = randint(rng, 8, 12) / 1000
    warmup, iters = 3, randint(rng, 5, 7)
    config = {"kernel": _ms(kernel_s), "warmup": warmup, "iters": iters, "seed": seed}
    dev, launch, sync = _device(impl, kernel_s, first_call_s=0.05)
    median, _ = _time_fn(
        impl, launch, config, sync=sync, warmup=warmup, iters=iters, clock=_clock(dev)
    )
    if abs(median - (kernel_s + LAUNCH_S)) <= EXACT_S:
        return
    syncs = dev.stats()["syncs"]
    if dev.stats()["reads"] == 0:
        hint = "the clock argument was ignored: read time with clock(), not time.perf_counter"
    elif syncs == 0:
        hint = (
            "no sync: time_fn never called sync(); launching returns at once, so it "
            "timed the launch, not the kernel"
        )
    elif syncs < iters:
        hint = (
            f"sync() was called {syncs} time(s) for {iters} timed calls: sync only at "
            "the end (or once) lets the clock be read before the kernels ran; call "
            "sync() before every clock read"
        )
    elif median < kernel_s:
        hint = (
            "the clock was read before sync() returned: read the end time AFTER "
            "sync(), so the kernel has finished"
        )
    elif 500 <= median / kernel_s <= 2000:
        hint = "milliseconds: the times and their median are in seconds"
    else:
        hint = (
            "the measured time includes more than one kernel: the cold first call "
            "(make warm-up calls), a mean instead of the median, or extra calls of fn"
        )
    fail(
        f"time_fn [{describe(config)}] measured {_ms(median)} for a kernel of "
        f"{_ms(kernel_s)} (plus a {LAUNCH_S * 1e6:.3g} us launch; the emulated clock is "
        f"exact). Likely mistake: {hint}"
    )


@pytest.mark.points(2)
def test_sync_called_for_every_timed_call(impl, rng, seed):
    warmup, iters = 2, randint(rng, 4, 6)
    config = {"kernel": "1 ms", "warmup": warmup, "iters": iters, "seed": seed}
    dev, launch, sync = _device(impl, 0.001, first_call_s=0.0)
    _time_fn(impl, launch, config, sync=sync, warmup=warmup, iters=iters, clock=_clock(dev))
    syncs = dev.stats()["syncs"]
    if syncs >= iters:
        return
    if syncs == 0:
        hint = "no sync: call sync() (when given) before every clock read"
    else:
        hint = (
            "sync only at the end (or once) is not enough: the clock reads inside the "
            "loop happen before the kernels ran; call sync() before every clock read"
        )
    fail(
        f"time_fn [{describe(config)}] called sync() {syncs} time(s) for {iters} timed "
        f"calls. Likely mistake: {hint}"
    )


@pytest.mark.points(2)
def test_times_has_iters_entries(impl, rng, seed):
    cases = [(randint(rng, 1, 3), randint(rng, 5, 8)), (0, randint(rng, 2, 4)), (2, 1)]
    for warmup, iters in cases:
        config = {"warmup": warmup, "iters": iters, "seed": seed}
        dev, launch, sync = _device(impl, 0.001, first_call_s=0.0)
        _, times = _time_fn(
            impl, launch, config, sync=sync, warmup=warmup, iters=iters, clock=_clock(dev)
        )
        if len(times) == iters:
            continue
        if warmup and len(times) == warmup + iters:
            hint = (
                "warm-up times included: the warm-up calls are made but not timed, "
                "and times holds only the iters timed calls"
            )
        elif abs(len(times) - iters) == 1:
            hint = (
                "iters off by one: time exactly iters calls (range(iters), not "
                "range(1, iters) or range(iters + 1))"
            )
        else:
            hint = "one entry per timed call, iters in all"
        fail(
            f"time_fn [{describe(config)}]: len(times) is {len(times)}, expected the "
            f"number of timed calls. Likely mistake: {hint}"
        )


@pytest.mark.points(2)
def test_warmup_calls_made_and_excluded(impl, rng, seed):
    kernel_s, first_call_s = 0.003, 0.1
    warmup, iters = randint(rng, 1, 3), randint(rng, 4, 6)
    config = {
        "kernel": _ms(kernel_s),
        "first call": f"+{_ms(first_call_s)}",
        "warmup": warmup,
        "iters": iters,
        "seed": seed,
    }
    dev, launch, sync = _device(impl, kernel_s, first_call_s)
    _, times = _time_fn(
        impl, launch, config, sync=sync, warmup=warmup, iters=iters, clock=_clock(dev)
    )
    launches = dev.stats()["launches"]
    if launches != warmup + iters:
        if launches == iters or launches == len(times):
            hint = "no warm-up calls: call fn() warmup times, untimed, before the timed calls"
        else:
            hint = "warmup untimed calls, then iters timed calls, and no others"
        fail(
            f"time_fn [{describe(config)}] called fn() {launches} times, expected "
            f"warmup + iters. Likely mistake: {hint}"
        )
    slowest = max(times, default=0.0)
    if slowest > kernel_s + LAUNCH_S + EXACT_S:
        fail(
            f"time_fn [{describe(config)}]: one of the times ({_ms(slowest)}) includes the "
            "cold first call. Likely mistake: warm-up times included; the warm-up calls "
            "must be left out of times, and their queued work finished (sync() before the "
            "first clock read) before timing starts"
        )


@pytest.mark.points(1)
def test_median_not_mean(impl, rng, seed):
    kernel_s, first_call_s = randint(rng, 8, 12) / 1000, 0.08
    iters = 2 * randint(rng, 2, 3) + 1
    config = {
        "kernel": _ms(kernel_s),
        "first call": f"+{_ms(first_call_s)}",
        "warmup": 0,
        "iters": iters,
        "seed": seed,
    }
    dev, launch, sync = _device(impl, kernel_s, first_call_s)
    median, times = _time_fn(
        impl, launch, config, sync=sync, warmup=0, iters=iters, clock=_clock(dev)
    )
    low, high = _middle(times) if times else (math.nan, math.nan)
    consistent = low - EXACT_S <= median <= high + EXACT_S
    if consistent and abs(median - (kernel_s + LAUNCH_S)) <= EXACT_S:
        return
    if times and math.isclose(median, statistics.fmean(times), rel_tol=1e-6):
        hint = (
            "mean instead of median: one slow call (here the cold first call, with "
            "warmup=0) pulls the mean up; the median ignores it"
        )
    elif not consistent:
        hint = "'median' must be the median of the returned times (statistics.median)"
    else:
        hint = "the timed calls themselves are too slow or too fast (see the other checks)"
    fail(
        f"time_fn [{describe(config)}] returned a median of {_ms(median)}, expected the "
        f"{_ms(kernel_s)} kernel (exactly, plus its launch) despite one slow call. Likely "
        f"mistake: {hint}"
    )


# Calls of unequal length (in units of the kernel): the warm-up calls are long, so a
# warm-up time that reaches the times or the median shows; the timed ones are in an
# order where the first, last and unsorted middle, the mean, min and max all differ
# from the median. For an even count, either middle value or their mean is right.
UNEQUAL = [
    ((5.0, 5.0, 5.0), (1.3, 3.0, 1.0, 2.2, 1.1, 1.6, 1.8)),
    ((4.0, 4.0), (2.0, 1.0, 3.0, 1.2, 1.5, 2.6)),
]


def _unequal(impl, rng, seed, warm, timed):
    """time_fn on calls of the given lengths: (median, times, config, the true times of
    the warm-up calls, of the timed calls)."""
    kernel_s = randint(rng, 8, 12) / 1000
    lengths = [kernel_s * f for f in warm + timed]
    config = {
        "kernels": " ".join(f"{f:g}" for f in warm + timed) + f" x {_ms(kernel_s)}",
        "warmup": len(warm),
        "iters": len(timed),
        "seed": seed,
    }
    dev, launch, sync = _device(impl, lengths, first_call_s=0.0)
    median, times = _time_fn(
        impl, launch, config, sync=sync, warmup=len(warm), iters=len(timed), clock=_clock(dev)
    )
    warm_truth, truth = ([kernel_s * f + LAUNCH_S for f in part] for part in (warm, timed))
    return median, times, config, warm_truth, truth


def _same(a, b):
    return len(a) == len(b) and all(abs(x - y) <= EXACT_S for x, y in zip(a, b, strict=True))


@pytest.mark.points(1)
def test_times_are_the_timed_calls_one_by_one(impl, rng, seed):
    """Rules 'iters calls timed one by one' and 'warm-up calls left out': times holds
    each timed call's own time, exactly (the emulated clock is the grader's)."""
    for warm, timed in UNEQUAL:
        _, times, config, warm_truth, truth = _unequal(impl, rng, seed, warm, timed)
        if _same(sorted(times), sorted(truth)):
            continue
        if len(times) != len(truth):
            hint = "one time per timed call, iters in all (see the other checks)"
        elif any(any(abs(t - w) <= EXACT_S for w in warm_truth) for t in times):
            hint = "a warm-up call was timed: warm-up calls are made but not timed"
        elif max(times) - min(times) <= EXACT_S:
            hint = (
                "every time is the same: the iters calls were timed as one block and "
                "divided; time each call on its own (a clock read before and after each)"
            )
        else:
            hint = "each time must be one call's own: sync(), clock(), fn(), sync(), clock()"
        fail(
            f"time_fn [{describe(config)}] must time the iters calls one by one: times "
            f"{[_ms(t) for t in times]}, while those calls took {[_ms(t) for t in truth]} "
            f"(in some order). Likely mistake: {hint}"
        )


@pytest.mark.points(2)
def test_median_of_the_timed_calls(impl, rng, seed):
    """Rule 'their median': exactly the median of the timed calls' times (for an even
    count either middle value or their mean), on calls of unequal length."""
    for warm, timed in UNEQUAL:
        median, _, config, warm_truth, truth = _unequal(impl, rng, seed, warm, timed)
        low, high = _middle(truth)
        if any(abs(median - m) <= EXACT_S for m in (low, high, (low + high) / 2)):
            continue
        every = warm_truth + truth
        with_warmup = "a median that counts the warm-up calls (they are not timed)"
        named = [
            ("the mean", statistics.fmean(truth)),
            ("the minimum", min(truth)),
            ("the maximum", max(truth)),
            ("the first time", truth[0]),
            ("the last time", truth[-1]),
            ("the middle of the UNSORTED times (sort them first)", truth[len(truth) // 2]),
            *((with_warmup, m) for m in (*_middle(every), statistics.median(every))),
        ]
        found = [name for name, value in named if abs(median - value) <= EXACT_S]
        hint = (
            f"{found[0]} instead of the median"
            if found
            else "statistics.median of the times of the iters timed calls"
        )
        fail(
            f"time_fn [{describe(config)}] reported {_ms(median)}; it must report the "
            f"median of the timed calls' times, {_ms((low + high) / 2)}"
            + (f" (or {_ms(low)} or {_ms(high)})" if low != high else "")
            + f". Likely mistake: {hint}"
        )


@pytest.mark.points(1)
def test_time_fn_raises_for_bad_counts(impl, seed):
    """Rules 'iters < 1' and 'warmup < 0': each raises ValueError."""
    cases = (({"iters": 0, "warmup": 1}, "iters < 1"), ({"iters": 2, "warmup": -1}, "warmup < 0"))
    for kwargs, rule in cases:
        dev, launch, sync = _device(impl, 0.001, first_call_s=0.0)
        config = {**kwargs, "seed": seed}
        try:
            result = impl.time_fn(launch, sync=sync, clock=_clock(dev), **kwargs)
        except StudentCodeError as error:
            # statistics.median([]) raises StatisticsError, a ValueError: accepted.
            if isinstance(error, ValueError) or error.remote_type == "StatisticsError":
                continue
            if error.remote_type == "NotImplementedError":
                raise
            fail(
                f"time_fn [{describe(config)}] must raise ValueError when {rule}, but "
                f"{error}. Likely mistake: check the counts first: if iters < 1 or "
                "warmup < 0: raise ValueError(...)"
            )
        fail(
            f"time_fn [{describe(config)}] must raise ValueError when {rule}, but it "
            f"returned {str(result)[:80]}. Likely mistake: check the counts first: "
            "if iters < 1 or warmup < 0: raise ValueError(...)"
        )


@pytest.mark.points(2)
def test_clock_argument_honoured(impl, rng, seed):
    step = randint(rng, 2, 9) * 0.125  # seconds per clock read, exact in binary
    warmup, iters = randint(rng, 1, 3), randint(rng, 3, 6)
    ticks = 4 * (warmup + iters) + 16
    config = {
        "clock": f"fake, +{step} s per read",
        "sync": None,
        "warmup": warmup,
        "iters": iters,
        "seed": seed,
    }
    fake = impl.helper("stored", [k * step for k in range(ticks)][::-1])
    clock = fake.attr("pop", keep=True)  # each call returns the next tick: 0, step, ...
    _, launch, _ = _device(impl, 0.0, first_call_s=0.0)
    try:
        median, _ = _time_fn(
            impl, launch, config, sync=None, warmup=warmup, iters=iters, clock=clock
        )
    except AssertionError as error:
        if "pop from empty list" in str(error):
            fail(
                f"time_fn [{describe(config)}] read the clock more than {ticks} times; "
                "two reads per timed call are enough"
            )
        raise
    reads = ticks - len(fake.fetch())
    if reads == 0:
        fail(
            f"time_fn [{describe(config)}] never called the clock it was given. Likely "
            "mistake: the clock argument was ignored (time.perf_counter called directly)"
        )
    expect_equal(
        median,
        step,
        what=f"time_fn's median with a fake clock that advances {step} s per read",
        config=config,
        hint="a time is the clock read after a call minus the read just before it; "
        "take each call's own difference (not times since the first read)",
    )


# -- convolution timings -------------------------------------------------------------
@pytest.mark.points(1)
def test_time_conv2d_forwards_conv_kwargs(impl, rng, seed):
    C = randint(rng, 3, 6)
    x_shape, w_shape = (1, C, 12, 12), (C, 1, 3, 3)  # depthwise: only valid with groups=C
    kwargs = {"groups": C, "stride": 2, "padding": 1}
    config = {"x": x_shape, "w": w_shape, **kwargs, "device": "cpu", "seed": seed}
    try:
        got = impl.time_conv2d(x_shape, w_shape, "cpu", **kwargs)
    except StudentCodeError as error:
        if error.remote_type == "NotImplementedError":
            raise
        hint = (
            " Likely mistake: conv_kwargs ignored: pass **conv_kwargs (stride, padding, "
            "groups) on to F.conv2d"
            if "weight of size" in str(error) or "channels" in str(error)
            else ""
        )
        fail(f"time_conv2d [{describe(config)}]: {error}.{hint}")
    seconds = _seconds(got)
    if seconds is None or not seconds > 0:
        fail(
            f"time_conv2d [{describe(config)}] returned {got!r}; return the median time "
            "per call in seconds, a positive float"
        )


def _macs(x_shape, w_shape, stride=1, padding=0, dilation=1, groups=1):
    """Multiply-adds of F.conv2d on these shapes: the emulated CPU's measure of work."""
    pair = lambda v: (v, v) if isinstance(v, int) else tuple(v)  # noqa: E731
    (sh, sw), (ph, pw), (dh, dw) = pair(stride), pair(padding), pair(dilation)
    n, _, h, w = x_shape
    o, c_per_group, kh, kw = w_shape
    out_h = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    out_w = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    return n * o * out_h * out_w * c_per_group * kh * kw


def _emulated(impl, name, x_shape, w_shape, *args, **conv_kwargs):
    """Call the student's ``name`` on the emulated CPU: every clock it reads is the
    grader's, a convolution takes exactly its multiply-adds times S_PER_MAC, and any
    other operator (making an input, say) OP_FRACTION of that convolution."""
    op_s = OP_FRACTION * _macs(x_shape, w_shape, **conv_kwargs) * S_PER_MAC
    cpu = impl.helper("emulated_cpu", s_per_mac=S_PER_MAC, op_s=op_s)
    return cpu.attr("run", keep=True)(name, x_shape, w_shape, *args, **conv_kwargs)


def _check_emulated_figure(got, x_shape, w_shape, kwargs, what, seed):
    """A CPU timing from the emulated CPU: exact, so only float rounding is allowed."""
    config = {"x": x_shape, "w": w_shape, **kwargs, "device": "cpu", "seed": seed}
    seconds = _seconds(got)
    if seconds is None or not seconds > 0:
        fail(
            f"{what} [{describe(config)}] is {got!r}; return the median time per call in "
            "seconds, a positive float"
        )
    truth = _macs(x_shape, w_shape, **kwargs) * S_PER_MAC
    if abs(seconds - truth) <= 1e-6 * truth:
        return seconds
    ratio = seconds / truth
    extra_ops = (ratio - 1) / OP_FRACTION
    if 0.5 <= extra_ops <= 8.5 and abs(extra_ops - round(extra_ops)) < 0.01:
        hint = (
            f"{round(extra_ops)} other operator call(s) timed with each convolution: making "
            "the inputs is not timed; make x and w first and time F.conv2d alone"
        )
    elif 150 <= ratio <= 10000:
        hint = "milliseconds: return seconds (CUDA events' elapsed_time is in ms)"
    elif 6 <= ratio < 150:
        hint = "the total over all timed calls (or their sum): return the median time of ONE call"
    else:
        hint = (
            "time only F.conv2d (make the inputs before timing), with time_fn's warm-up and "
            "median, and pass conv_kwargs on"
        )
    fail(
        f"{what} [{describe(config)}] is {_ms(seconds)} on the grader's emulated CPU, where "
        f"this convolution takes exactly {_ms(truth)} per call and every other operator "
        f"{_ms(OP_FRACTION * truth)} (the clock is exact). Likely mistake: {hint}"
    )


@pytest.mark.points(2)
def test_time_conv2d_matches_benchmark(impl, rng, seed):
    """Judged on the emulated CPU (the grader's clock), never on this machine's load."""
    C, O = randint(rng, 4, 8), randint(rng, 8, 16)
    x_shape = (1, C, randint(rng, 24, 40), randint(rng, 24, 40))
    w_shape = (O, C, 3, 3)
    kwargs = {"padding": randint(rng, 0, 1)}
    got = _emulated(impl, "time_conv2d", x_shape, w_shape, "cpu", **kwargs)
    _check_emulated_figure(got, x_shape, w_shape, kwargs, "time_conv2d", seed)


@pytest.mark.points(1)
def test_time_conv2d_accepts_a_torch_device(impl, rng, seed):
    """Rule 'or a torch.device': the device may be given as a torch.device."""
    C, O = randint(rng, 2, 4), randint(rng, 2, 6)
    x_shape, w_shape = (1, C, randint(rng, 8, 16), randint(rng, 8, 16)), (O, C, 3, 3)
    config = {"x": x_shape, "w": w_shape, "device": "torch.device('cpu')", "seed": seed}
    try:
        got = _emulated(impl, "time_conv2d", x_shape, w_shape, torch.device("cpu"))
    except StudentCodeError as error:
        if error.remote_type == "NotImplementedError":
            raise
        fail(
            f"time_conv2d [{describe(config)}] must accept a torch.device as well as a "
            f"string, but {error}. Likely mistake: convert it first, "
            "device = torch.device(device), and test device.type == 'cuda'"
        )
    _check_emulated_figure(got, x_shape, w_shape, {}, "time_conv2d(torch.device)", seed)


@pytest.mark.points(1)
def test_time_conv2d_synchronizes_on_cuda(impl, rng, seed):
    """Rule 'on a CUDA device each call is synchronized', on the grader's emulated CUDA
    device (on every grader, with or without a GPU): a convolution on it is queued and
    returns after its launch, torch.cuda.synchronize() waits until the queue is done,
    so a synchronized timer measures the kernel (plus its launch), exactly, and one
    that does not synchronize measures the launch."""
    C, O = randint(rng, 4, 8), randint(rng, 8, 16)
    x_shape = (1, C, randint(rng, 24, 40), randint(rng, 24, 40))
    w_shape = (O, C, 3, 3)
    kwargs = {"padding": randint(rng, 0, 1)}
    device = ("cuda", "cuda:0")[randint(rng, 0, 1)]
    config = {"x": x_shape, "w": w_shape, **kwargs, "device": device, "seed": seed}
    where = f"time_conv2d [{describe(config)}] on the grader's emulated CUDA device"
    kernel_s = _macs(x_shape, w_shape, **kwargs) * GPU_S_PER_MAC
    op_s = OP_FRACTION * kernel_s
    gpu = impl.helper(
        "emulated_cuda",
        s_per_mac=GPU_S_PER_MAC,
        op_s=op_s,
        launch_s=LAUNCH_S,
        cpu_s_per_mac=S_PER_MAC,
        cpu_op_s=op_s,
    )
    try:
        got = gpu.attr("run", keep=True)("time_conv2d", x_shape, w_shape, device, **kwargs)
    except StudentCodeError as error:
        if error.remote_type == "NotImplementedError":
            raise
        fail(f"{where}: {error}")
    seconds = _seconds(got)
    if seconds is None or not seconds > 0:
        fail(f"{where} returned {got!r}; return the median time per call in seconds")
    if kernel_s - EXACT_S <= seconds <= kernel_s + LAUNCH_S + EXACT_S:
        return
    extra_ops = (seconds - kernel_s - LAUNCH_S) / op_s
    if seconds < kernel_s:
        syncs = gpu.stats()["syncs"]
        hint = (
            "on a CUDA device each call is synchronized: pass sync=torch.cuda.synchronize "
            "to time_fn, so it waits for the convolution before every clock read; "
            "F.conv2d on the GPU only queues the kernel and returns, so the time was the "
            f"launch's ({LAUNCH_S * 1e6:.3g} us), not the kernel's"
            + (" (torch.cuda.synchronize was never called)" if syncs == 0 else "")
        )
    elif 0.5 <= extra_ops <= 8.5 and abs(extra_ops - round(extra_ops)) < 0.01:
        hint = (
            f"{round(extra_ops)} other kernel(s) timed with each convolution: make x and w "
            "on the device first and time F.conv2d alone"
        )
    elif 150 <= seconds / kernel_s <= 10000:
        hint = "milliseconds: return seconds (CUDA events' elapsed_time is in ms)"
    elif 6 <= seconds / kernel_s < 150:
        hint = "the total over all timed calls: return the median time of ONE call"
    else:
        hint = "the median of time_fn over F.conv2d alone, synchronized, in seconds"
    fail(
        f"{where} is {_ms(seconds)}, where this convolution's kernel takes exactly "
        f"{_ms(kernel_s)} (plus a {LAUNCH_S * 1e6:.3g} us launch; the emulated clock is "
        f"exact). Likely mistake: {hint}"
    )


def _check_device_figure(got, device, x_shape, w_shape, kwargs, factor, what, low, high):
    seconds = _seconds(got)
    config = {"x": x_shape, "w": w_shape, **kwargs, "device": device}
    if seconds is None or not seconds > 0:
        fail(f"{what} [{describe(config)}] is {got!r}; it must be seconds, a positive float")
    if not low / factor <= seconds <= high * factor:
        hint = (
            "too short on a GPU: synchronize (torch.cuda.synchronize) before every clock "
            "read, or you time the launch"
            if device == "cuda" and seconds < low
            else "seconds per call, the median of time_fn over F.conv2d on that device"
        )
        fail(
            f"{what} [{describe(config)}] is {_ms(seconds)}; torch.utils.benchmark measured "
            f"{_ms(low)} to {_ms(high)} (must agree within a factor {factor:g}). Likely "
            f"mistake: {hint}"
        )
    return seconds


@pytest.mark.points(3)
def test_compare_devices_matches_benchmark(impl, rng, seed):
    """One check on every machine: with CUDA, the GPU figures; without, the None form."""
    cuda = torch.cuda.is_available()
    C, O = randint(rng, 3, 8), randint(rng, 4, 8)
    x_shape, w_shape = (1, C, randint(rng, 24, 32), randint(rng, 24, 32)), (O, C, 3, 3)
    low = high = math.nan
    try:
        if cuda:  # a real GPU is timed for real, against torch.utils.benchmark
            result, low, high = _against_benchmark(
                lambda: impl.compare_devices(x_shape, w_shape),
                lambda result: result.get("cpu") if isinstance(result, dict) else None,
                x_shape,
                w_shape,
                "cpu",
                {},
                CPU_FACTOR,
            )
        else:  # the CPU figure on the emulated CPU: exact on any machine
            result = _emulated(impl, "compare_devices", x_shape, w_shape)
    except StudentCodeError as error:
        if error.remote_type == "NotImplementedError":
            raise
        hint = (
            " Likely mistake: without a GPU, check torch.cuda.is_available() and return "
            "None for 'cuda' and 'speedup' instead of timing on 'cuda'"
            if not cuda and "cuda" in str(error).lower()
            else ""
        )
        fail(f"compare_devices(x {x_shape}, w {w_shape}) [cuda available: {cuda}]: {error}.{hint}")
    if not isinstance(result, dict) or set(result) != {"cpu", "cuda", "speedup"}:
        fail(
            f"compare_devices must return a dict with exactly the keys 'cpu', 'cuda' and "
            f"'speedup'; got {result!r}"
        )
    what = "compare_devices()['cpu']"
    if not cuda:
        _check_emulated_figure(result["cpu"], x_shape, w_shape, {}, what, seed)
        if result["cuda"] is not None or result["speedup"] is not None:
            fail(
                "compare_devices on a machine without CUDA: 'cuda' and 'speedup' must be "
                f"None, got {result['cuda']!r} and {result['speedup']!r}. Likely mistake: "
                "a placeholder number (0, nan, inf) instead of None"
            )
        return
    cpu_s = _check_device_figure(
        result["cpu"], "cpu", x_shape, w_shape, {}, CPU_FACTOR, what, low, high
    )
    cuda_s = _seconds(result["cuda"])
    speedup = _seconds(result["speedup"])
    if cuda_s is None or not cuda_s > 0 or speedup is None:
        fail(
            f"compare_devices with CUDA: 'cuda' and 'speedup' must be positive floats, got "
            f"{result['cuda']!r} and {result['speedup']!r}"
        )
    if not math.isclose(speedup, cpu_s / cuda_s, rel_tol=1e-6):
        inverted = math.isclose(speedup, cuda_s / cpu_s, rel_tol=1e-6)
        fail(
            f"compare_devices: speedup {speedup:.4g}, cpu {_ms(cpu_s)}, cuda {_ms(cuda_s)}. "
            "Likely mistake: "
            + (
                "the speedup is inverted; it is cpu / cuda, how many times faster the GPU is"
                if inverted
                else "speedup = cpu / cuda"
            )
        )
    # A convolution large enough that the kernel, not the launch, dominates on a GPU.
    big_x, big_w, kwargs = (32, 128, 56, 56), (128, 128, 3, 3), {"padding": 1}
    got, low, high = _against_benchmark(
        lambda: impl.time_conv2d(big_x, big_w, "cuda", **kwargs),
        lambda result: result,
        big_x,
        big_w,
        "cuda",
        kwargs,
        CUDA_FACTOR,
    )
    _check_device_figure(got, "cuda", big_x, big_w, kwargs, CUDA_FACTOR, "time_conv2d", low, high)


# -- the quiz: each answer against the graded student's own key -----------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "gpu_timing").tests()
