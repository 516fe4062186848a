# %% [markdown]
# # Exercise 10: timing convolution correctly, on CPU and GPU
#
# "How long does this convolution take?" sounds like a question for a stopwatch:
# read the clock, call the function, read the clock again. On a GPU that stopwatch
# is usually wrong by a factor of ten or more, and even on a CPU it is noisy. Three
# traps, and the fix for each:
#
# 1. **Asynchrony.** A CUDA call such as `F.conv2d(x, w)` on GPU tensors does not
#    compute anything before it returns: it *queues* a kernel on the device and hands
#    control back to Python at once (a few microseconds). The clock read right after
#    the call measures the queueing, not the convolution. The fix: wait until the
#    queue is empty, `torch.cuda.synchronize()`, **before every clock read** (before
#    the start, so earlier work is not counted, and before the end, so this work is).
# 2. **Cold start.** The first call does one-time work: creating the CUDA context and
#    the cuDNN handle, growing the caching allocator, loading kernels, choosing (or,
#    with `torch.backends.cudnn.benchmark = True`, *timing*) convolution algorithms;
#    on a CPU, oneDNN builds its primitives. The fix: a few **warm-up** calls that are
#    made but not timed.
# 3. **Noise.** Other processes, interrupts and the garbage collector only ever make
#    a call *slower*, so timings have a long right tail. One slow call drags the mean
#    up; the **median** ignores it. Time many calls and report the median.
#
# `torch.utils.benchmark.Timer` does all of this for you (it also fixes the number of
# threads and measures blocks of calls to hide the timer's own cost). Here you write
# the core of it yourself, then use it on a convolution.
#
# Check your work with `pytest tests/public/test_gpu_timing.py`. No GPU is needed:
# the checks give your timer an *emulated* asynchronous device (below).

# %%
import statistics
import time
from collections.abc import Callable

import torch
import torch.nn.functional as F

# %% [markdown]
# ## 10.1 `time_fn`: warm up, synchronize, take the median
#
# `time_fn(fn, sync=..., warmup=..., iters=..., clock=...)` calls `fn()` `warmup`
# times without timing it, then `iters` times, each timed on its own, and returns
# `{"median": ..., "times": [...]}` in seconds, with exactly `iters` entries in
# `times` (the warm-up calls are made, but left out). When `sync` is given (it is
# `torch.cuda.synchronize` for a GPU, `None` on a CPU), call it **before every clock
# read**; one timed call is then
#
# ```python
# sync(); start = clock(); fn(); sync(); times.append(clock() - start)
# ```
#
# `clock` is a parameter so that the timer can be tested: a check may hand you a fake
# clock that ticks by a known step at every read. Use the `clock` you are given, never
# `time.perf_counter` directly.
#
# **Worked example.** The checks build an emulated GPU,
# `EmulatedAsyncDevice(kernel_s, first_call_s)` from `autograder.worker.helpers`:
# `launch()` queues a kernel of `kernel_s` seconds and returns at once, `sync()`
# waits until the queue is empty, and the first launch costs `first_call_s` more.
# The device keeps its own time, `clock()`, which the checks pass as your `clock`: it
# moves only when the device works, so your figures are exact on any machine.
# With a 10 ms kernel, a 0.2 s first call, `warmup=3` and `iters=10`:
#
# | how it is timed | measures |
# |---|---|
# | no `sync` (the popular first attempt) | about 0.001 ms: the launch, not the kernel |
# | `sync` once, after the timing loop | the same: the kernels ran after the reads |
# | the clock read *before* `sync()` returns | the same again |
# | `sync`, but no warm-up, and the mean | about 30 ms: (0.2 s + 10 x 10 ms) / 10 |
# | warm-up, `sync` before every read, median | 10.001 ms (the kernel and its launch): right |
#
# Warm-up and median guard against different things, so you need both. Here the
# median alone would hide the one slow first call among 10; with `iters=2` it would
# not (the median of two times is their mean), and a real cold start may slow down
# several calls. The median, in turn, is what keeps a stray slow call (another
# process, the garbage collector) out of the result.
#
# For an even number of times the median is the mean of the two middle values
# (`statistics.median`); either middle value alone is also accepted.
#
# Popular wrong answers, corrected:
# - "`torch.cuda.synchronize()` once, after the loop, is enough." It makes the *total*
#   right (if the clock is read after it), but each per-call time in the loop measured
#   only a launch.
# - "`time.time()` is fine." Use `time.perf_counter()`: monotonic, and with the finest
#   resolution the system offers; `time.time()` can jump when the clock is adjusted.


# %%
def time_fn(
    fn: Callable[[], object],
    *,
    sync: Callable[[], object] | None = None,
    warmup: int = 3,
    iters: int = 20,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, float | list[float]]:
    """Time ``fn()``: warm-up calls, then ``iters`` calls timed one by one.

    Args:
        fn: the work to time, called with no arguments.
        sync: waits until all queued work is done (``torch.cuda.synchronize``
            on a GPU), or None when calls are synchronous (a CPU). When given, it is
            called before every read of ``clock``.
        warmup: calls made first and not timed (cold start); >= 0.
        iters: calls timed, one time each; >= 1.
        clock: returns the current time in seconds; read no other clock.

    Returns:
        ``{"median": m, "times": [t_1, ..., t_iters]}``: the seconds each timed call
        took (``len(times) == iters``, warm-up calls left out) and their median.

    Raises:
        ValueError: if ``iters < 1`` or ``warmup < 0``.
    """
    ### BEGIN SOLUTION
    if iters < 1 or warmup < 0:
        raise ValueError(f"need iters >= 1 and warmup >= 0, got {iters} and {warmup}")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        # Before the start: earlier queued work (the warm-up) must not be counted.
        if sync is not None:
            sync()
        start = clock()
        fn()
        # Before the end: this call's work must be finished, not just queued.
        if sync is not None:
            sync()
        times.append(clock() - start)
    return {"median": statistics.median(times), "times": times}
    ### END SOLUTION


# %% [markdown]
# ## 10.2 `time_conv2d`: one convolution, on one device
#
# Make random float32 inputs of the given shapes **on the device** (creating them is
# not part of what is timed), and time `F.conv2d(x, w, **conv_kwargs)` with
# `time_fn`; on a CUDA device pass `sync=torch.cuda.synchronize`, on the CPU no sync.
# Forward the keyword arguments (`stride`, `padding`, `dilation`, `groups`) to the
# convolution: a stride of 4 does 16 times less work than a stride of 1. Return the
# median, in **seconds** (careful: CUDA events' `elapsed_time` returns milliseconds).


# %%
def time_conv2d(
    x_shape: tuple[int, int, int, int],
    w_shape: tuple[int, int, int, int],
    device: str | torch.device,
    **conv_kwargs: object,
) -> float:
    """Time ``F.conv2d`` on random inputs, made first: making them is not timed.

    Args:
        x_shape: input shape (N, C, H, W).
        w_shape: weight shape (O, C / groups, kh, kw).
        device: "cpu", "cuda", "cuda:1", or a torch.device.
        **conv_kwargs: passed on to F.conv2d (stride, padding, dilation, groups).

    Returns:
        The median over time_fn's timed calls, in seconds; on a CUDA device each call
        is synchronized, so the time is the kernel's, not the launch's.
    """
    ### BEGIN SOLUTION
    device = torch.device(device)
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    sync = (lambda: torch.cuda.synchronize(device)) if device.type == "cuda" else None
    with torch.no_grad():
        result = time_fn(lambda: F.conv2d(x, w, **conv_kwargs), sync=sync)
    return float(result["median"])  # type: ignore[arg-type]
    ### END SOLUTION


# %% [markdown]
# ## 10.3 `compare_devices`: is the GPU faster?
#
# Time the same convolution on the CPU and, **if `torch.cuda.is_available()`**, on
# the GPU; return `{"cpu": seconds, "cuda": seconds, "speedup": cpu / cuda}`. Without
# a GPU (most laptops, and the grading machine) return `None` for `"cuda"` and
# `"speedup"` instead of failing: code that calls `.to("cuda")` unconditionally
# crashes with `Torch not compiled with CUDA enabled`.
#
# What to expect on a GPU. A large convolution (say a batch of 16 images of 64
# channels, 56 x 56) is tens to hundreds of times faster on the GPU. A tiny one is
# not much faster, because launching a kernel costs a few microseconds whatever it
# computes. And the loop `corr2d` of exercise 1 is *slower* on a GPU than on a CPU:
# every slice, product, `.sum()` and assignment in its Python loop is its own tiny
# kernel launch, thousands of them, each doing a handful of multiply-adds, so the
# time is all launch overhead and the GPU's thousands of cores sit idle. (The popular
# answer "GPU arithmetic is slower" is wrong; so is "it copies the data back to the
# CPU at every step": nothing leaves the GPU there.)
#
# Two more things you will meet when timing on a GPU:
# - `torch.backends.cudnn.benchmark = True` makes the **first** call for each new
#   input shape *slower*: cuDNN times several algorithms for that shape and keeps the
#   fastest, so later calls with the same shape are as fast or faster. With input
#   shapes that keep changing, every new shape pays the search again.
# - **CUDA events** time on the GPU itself: `start = torch.cuda.Event(
#   enable_timing=True)`, `start.record()`, the work, `end.record()`, then
#   `end.synchronize()` and `start.elapsed_time(end)`, the GPU time between the two
#   points of the stream, in **milliseconds**. It does not include the Python time
#   spent launching, and you must wait for `end` before you read it.


# %%
def compare_devices(
    x_shape: tuple[int, int, int, int], w_shape: tuple[int, int, int, int]
) -> dict[str, float | None]:
    """Time the same convolution on the CPU and, when there is one, on a GPU.

    Args:
        x_shape: input shape (N, C, H, W).
        w_shape: weight shape (O, C, kh, kw).

    Returns:
        ``{"cpu": s, "cuda": s, "speedup": cpu / cuda}`` with times from time_conv2d
        (seconds), or ``{"cpu": s, "cuda": None, "speedup": None}`` when
        ``torch.cuda.is_available()`` is False.
    """
    ### BEGIN SOLUTION
    cpu = time_conv2d(x_shape, w_shape, "cpu")
    if not torch.cuda.is_available():
        return {"cpu": cpu, "cuda": None, "speedup": None}
    cuda = time_conv2d(x_shape, w_shape, "cuda")
    return {"cpu": cpu, "cuda": cuda, "speedup": cpu / cuda}
    ### END SOLUTION


# %% [markdown]
# ## Quiz
#
# Answer on paper first. Some questions take their numbers from your student id, so
# your neighbour's answers are not yours: in JupyterHub your login is used; elsewhere
# set it first (`export AUTOGRADER_STUDENT=your_login`, or
# `os.environ["AUTOGRADER_STUDENT"] = "your_login"` in the first cell). Run the next
# cells to see your variant, then fill in `answers()`: a dict from question id to
# answer (a number of milliseconds as a float, one letter for a single choice, a tuple
# of the letters of every true statement for a multiple choice; each statement is
# graded on its own).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"
EMULATED = (
    "An emulated GPU (like the checks' EmulatedAsyncDevice) runs a kernel of "
    "{kernel_ms} ms per call"
)

QUESTIONS = [
    Question(
        "q1_loop_on_gpu", "single", 1,
        "The loop corr2d of exercise 1, on a {n} x {n} image and a {k} x {k} kernel, "
        "is slower with X and K on a GPU than on the CPU. Why?",
        {"n": (32, 48, 64, 96, 128), "k": (3, 5)},
        options={
            "a": "a GPU's arithmetic is slower than a CPU core's for float32",
            "b": "every slice, product, sum and assignment in the Python loop is a "
            "separate small kernel launch: thousands of launches, each costing "
            "microseconds of overhead for a few multiply-adds, and the GPU's "
            "parallelism is never used",
            "c": "the tensors are copied from the GPU to the CPU and back at every "
            "iteration",
            "d": "on a GPU, PyTorch computes in float64",
        },
        hint="count the kernel launches one output element costs in the loop",
    ),
    Question(
        "q2_cudnn_benchmark", "single", 1,
        "With torch.backends.cudnn.benchmark = True, what happens to the first call of "
        "a convolution with an input shape not seen before?",
        options={
            "a": "it is faster: cuDNN looks the best algorithm up in a precomputed "
            "table",
            "b": "it is slower: cuDNN times several algorithms for that shape and "
            "caches the fastest, so later calls with the same shape are as fast or "
            "faster, and each new shape pays again",
            "c": "nothing changes for the first call: only the backward pass is tuned",
            "d": "it makes the result bit-for-bit reproducible",
        },
        hint="what must cuDNN do before it knows which algorithm is fastest?",
    ),
    Question(
        "q3_cuda_events", "multiple", 1,
        "start and end are torch.cuda.Event(enable_timing=True); you run "
        "start.record(), y = conv(x), end.record(). Which statements are true?",
        options={
            "a": "start.elapsed_time(end) is the GPU time between the moments the "
            "stream reached the two events, so it includes the kernels queued between "
            "them",
            "b": "it is the CPU time Python took to launch conv(x), like perf_counter "
            "around the call without a sync",
            "c": "the value is in milliseconds, not seconds",
            "d": "you must wait for end to complete (end.synchronize() or "
            "torch.cuda.synchronize()) before you read elapsed_time",
        },
        hint="where are events recorded, in what unit is elapsed_time, and when can it "
        "be read?",
    ),
    Question(
        "mean_cold_start", "number", 1,
        EMULATED + ", and its first call ever costs {first_ms} ms more. time_fn "
        "synchronizes before every clock read but makes no warm-up call (warmup=0), "
        "times iters={iters} calls, and reports their MEAN instead of the median. What "
        "does it report, in milliseconds?",
        {"kernel_ms": (2, 4, 5, 8, 10, 20), "first_ms": (50, 100, 150, 200, 300),
         "iters": (4, 5, 8, 10, 20)},
        rel_tol=1e-3,
        hint="without warm-up the slow first call is one of the timed calls: add up "
        "the times of all the timed calls and divide by iters",
    ),
    Question(
        "median_slow_start", "number", 1,
        EMULATED + ", but a cold start makes the first {slow} call(s) {extra_ms} ms "
        "slower each. time_fn(fn, sync=..., warmup={warmup}, iters={iters}) "
        "synchronizes before every clock read and reports the median. What median does "
        "it report, in milliseconds?",
        {"kernel_ms": (2, 5, 10), "slow": (1, 2, 3, 4, 5), "extra_ms": (20, 50, 100),
         "warmup": (0, 1, 2, 3), "iters": (3, 5, 7)},
        rel_tol=1e-3,
        hint="the first warmup calls are made but not timed: write down the iters "
        "timed calls' times, sort them and take the middle one",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id: e.g. {"q2_cudnn_benchmark": "c",
    "q3_cuda_events": ("b", "d"), "mean_cold_start": 12.5, ...}.
    """
    ### BEGIN SOLUTION
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}

    def timed(kernel: float, extra: float, slow: int, warmup: int, iters: int) -> list:
        """The times of the timed calls (ms), with sync before every clock read: call
        number c takes the kernel's time, plus ``extra`` while c < slow."""
        every = [kernel + (extra if c < slow else 0.0) for c in range(warmup + iters)]
        return every[warmup:]

    m, d = v["mean_cold_start"], v["median_slow_start"]
    cold = timed(m["kernel_ms"], m["first_ms"], 1, 0, m["iters"])
    slow = timed(d["kernel_ms"], d["extra_ms"], d["slow"], d["warmup"], d["iters"])
    return {
        "q1_loop_on_gpu": "b",
        "q2_cudnn_benchmark": "b",
        "q3_cuda_events": ("a", "c", "d"),
        "mean_cold_start": statistics.mean(cold),
        "median_slow_start": statistics.median(slow),
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal, `pytest tests/public/test_gpu_timing.py`, or
# run the cell below in the notebook. Hidden checks, used for grading, time emulated
# kernels of other lengths, count your warm-up calls and synchronizations, give your
# timer a fake clock and a slow outlier, and time your convolutions on an emulated CPU
# and an emulated CUDA device (`device="cuda"` works there, GPU or not: a convolution
# is queued and returns at once, `torch.cuda.synchronize()` waits for it), on a clock
# the grader controls; on a machine with a real GPU they also time the GPU itself.
#
# In a notebook, any cell can run `check("gpu_timing")`, or only the checks whose name contains
# a word: `check("gpu_timing", "time_fn")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("gpu_timing")
