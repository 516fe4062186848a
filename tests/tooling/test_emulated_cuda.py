"""The emulated CUDA device (autograder/worker/emulated_cuda.py, helpers.EmulatedCUDA).

For one call into the submission, torch.cuda exists: tensors on ``cuda:0`` (CPU
storage), kernels queued on the grader's clock, ``torch.cuda.synchronize()`` draining
the queue. These tests pin what a timer sees (exact figures, only synchronize moves the
clock past the queued work), what the code sees (devices, mixing, host reads), and that
everything is put back after the call, however it ends.
"""

from __future__ import annotations

import textwrap
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch

from autograder.boundary.submission import StudentCodeError, Submission
from autograder.boundary.transport import InProcessTransport
from autograder.worker import emulated_cuda, helpers

torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[2]
LAUNCH_S = 2**-20
GPU_S_PER_MAC = 2**-30
X_SHAPE, W_SHAPE = (1, 3, 10, 10), (4, 3, 3, 3)
KERNEL_S = 4 * 8 * 8 * 3 * 3 * 3 * GPU_S_PER_MAC  # its multiply-adds, on the device

CODE = """
import time
import torch
import torch.nn.functional as F
from torch.cuda import synchronize as bound_sync  # a name bound at import


def queue_then_sync(device="cuda"):
    x = torch.randn(1, 3, 10, 10, device=device)
    w = torch.randn(4, 3, 3, 3, device=device)
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    y = F.conv2d(x, w)
    t1 = time.perf_counter()
    torch.cuda.synchronize()
    t2 = time.perf_counter()
    bound_sync()
    return t1 - t0, t2 - t0, time.perf_counter() - t2


def what_code_sees():
    x = torch.randn(2, 3, device="cuda")
    y = (x * 2).sum(dim=0)
    back = y.cpu()
    module = torch.nn.Linear(3, 2).to("cuda")
    return {
        "available": torch.cuda.is_available() and torch.accelerator.is_available(),
        "count": torch.cuda.device_count(),
        "name": torch.cuda.get_device_name(),
        "device": str(x.device), "is_cuda": x.is_cuda, "index": x.get_device(),
        "derived": str(y.device), "view": str(x[0].device),
        "back": str(back.device), "back_is_cuda": back.is_cuda,
        "to_cuda": str(torch.ones(2).to("cuda").device),
        "cuda_method": str(torch.ones(2).cuda().device),
        "like": str(torch.zeros_like(x).device),
        "module": str(module(x).device),
        "values": torch.equal(back, (x.cpu() * 2).sum(dim=0)),
    }


def mix():
    return torch.randn(3, device="cuda") + torch.randn(3)


def to_numpy():
    return torch.randn(3, device="cuda").numpy()


def second_gpu():
    return torch.randn(3, device="cuda:1")


def item_waits():
    x = torch.randn(1, 3, 10, 10, device="cuda")
    w = torch.randn(4, 3, 3, 3, device="cuda")
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    F.conv2d(x, w).sum().item()  # a value read on the host waits for the queue
    return time.perf_counter() - t0


def stream_waits():
    x = torch.randn(1, 3, 10, 10, device="cuda")
    w = torch.randn(4, 3, 3, 3, device="cuda")
    torch.cuda.current_stream().synchronize()
    t0 = time.perf_counter()
    F.conv2d(x, w)
    torch.cuda.current_stream().synchronize()
    return time.perf_counter() - t0


def events_ms():
    x = torch.randn(1, 3, 10, 10, device="cuda")
    w = torch.randn(4, 3, 3, 3, device="cuda")
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    torch.cuda.synchronize()
    start.record()
    F.conv2d(x, w)
    end.record()
    end.synchronize()
    return start.elapsed_time(end)


def benchmark_timer():
    from torch.utils.benchmark import Timer

    x = torch.randn(1, 3, 10, 10, device="cuda")
    w = torch.randn(4, 3, 3, 3, device="cuda")
    timer = Timer("F.conv2d(x, w)", globals={"F": F, "x": x, "w": w})
    return timer.blocked_autorange(min_run_time=0.01).median


def fails():
    torch.randn(3, device="cuda")
    raise ValueError("the submission's own error")
"""


@pytest.fixture
def module() -> Iterator[types.ModuleType]:
    """The code above, as the submission the worker is serving."""
    namespace = types.ModuleType("submission")
    exec(compile(CODE, "submission.py", "exec"), namespace.__dict__)
    token = helpers.serving.set(namespace)
    try:
        yield namespace
    finally:
        helpers.serving.reset(token)


def _gpu() -> helpers.EmulatedCUDA:
    return helpers.EmulatedCUDA(s_per_mac=GPU_S_PER_MAC, op_s=0.0, launch_s=LAUNCH_S)


def test_the_queue_is_drained_only_by_synchronize(module: types.ModuleType) -> None:
    gpu = _gpu()
    launch, synced, after = gpu.run("queue_then_sync")
    assert launch == LAUNCH_S  # the call returned at once: the kernel is only queued
    assert synced == LAUNCH_S + KERNEL_S  # synchronize waited for it, on the grader's clock
    assert after == 0.0  # a synchronize bound at import is the emulated one: queue empty
    assert gpu.stats() == {"launches": 3, "syncs": 3, "host_reads": 0}


def test_code_sees_one_cuda_device_computing_on_the_cpu(module: types.ModuleType) -> None:
    seen = _gpu().run("what_code_sees")
    assert seen.pop("name").startswith("Emulated CUDA device")  # honest about what it is
    assert seen == {
        "available": True,
        "count": 1,
        "device": "cuda:0",
        "is_cuda": True,
        "index": 0,
        "derived": "cuda:0",
        "view": "cuda:0",
        "back": "cpu",
        "back_is_cuda": False,
        "to_cuda": "cuda:0",
        "cuda_method": "cuda:0",
        "like": "cuda:0",
        "module": "cuda:0",
        "values": True,
    }


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("mix", RuntimeError, "same device"),
        ("to_numpy", TypeError, "Tensor.cpu()"),
        ("second_gpu", RuntimeError, "invalid device ordinal"),
    ],
)
def test_what_fails_on_a_gpu_fails_here(
    module: types.ModuleType, name: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        _gpu().run(name)


def test_host_reads_and_streams_wait_and_events_measure_milliseconds(
    module: types.ModuleType,
) -> None:
    gpu = _gpu()
    # The conv, then sum (op_s = 0), both queued, the second launch while the conv runs;
    # .item() waits for both: a host read synchronizes.
    assert gpu.run("item_waits") == LAUNCH_S + KERNEL_S
    assert gpu.stats()["host_reads"] == 1
    assert gpu.run("stream_waits") == LAUNCH_S + KERNEL_S  # the stream's synchronize too
    assert gpu.run("events_ms") == pytest.approx((LAUNCH_S + KERNEL_S) * 1000, rel=1e-12)


def test_benchmark_timer_synchronizes_as_on_a_gpu(module: types.ModuleType) -> None:
    """torch.utils.benchmark.Timer synchronizes the accelerator at every clock read; on
    the emulated device it then measures the kernel (launches overlap the queue)."""
    median = _gpu().run("benchmark_timer")
    assert KERNEL_S <= median <= KERNEL_S + LAUNCH_S


def _real() -> dict[str, Any]:
    return {
        "cuda": {n: getattr(torch.cuda, n) for n in ("is_available", "synchronize", "Event")},
        "accelerator": {n: getattr(torch.accelerator, n) for n in ("is_available", "synchronize")},
        "perf_counter": time.perf_counter,
        "modes": torch._C._len_torch_function_stack(),
    }


def test_everything_is_put_back_however_the_call_ends(module: types.ModuleType) -> None:
    before, available = _real(), torch.cuda.is_available()
    bound = module.bound_sync
    gpu = _gpu()
    assert _real() == before  # building the helper changes nothing
    gpu.run("queue_then_sync")
    assert _real() == before and module.bound_sync is bound
    with pytest.raises(ValueError, match="own error"):
        gpu.run("fails")
    assert _real() == before and module.bound_sync is bound
    assert torch.cuda.is_available() is available  # the real answer, GPU or not
    if not available:
        with pytest.raises((AssertionError, RuntimeError), match="CUDA"):
            torch.randn(3, device="cuda")


def test_a_real_gpu_is_not_replaced_outside_the_call(module: types.ModuleType) -> None:
    """Where CUDA is really available, the checks that time the GPU for real see the real
    device: the emulation exists only inside EmulatedCUDA.run."""
    real = torch.cuda.is_available
    _gpu().run("queue_then_sync")
    assert torch.cuda.is_available is real
    if real():
        x = torch.ones(2, device="cuda")
        assert x.is_cuda and torch.cuda.get_device_name() != emulated_cuda.NAME


# -- through the protocol, on gpu_timing's reference and its unsynchronized mutant ------
def _submission(tmp_path: Path, name: str, extra: str = "") -> Submission:
    path = tmp_path / name / "gpu_timing.py"
    path.parent.mkdir()
    source = (ROOT / "solutions/gpu_timing.py").read_text(encoding="utf-8")
    path.write_text(source + extra, encoding="utf-8")
    return Submission(InProcessTransport(call_timeout_s=30), exercise="gpu_timing", path=path)


def test_time_conv2d_on_cuda_reports_the_kernel_only_when_synchronized(tmp_path: Path) -> None:
    mutant = (ROOT / "tests/mutants/gpu_timing/cuda_not_synchronized.py").read_text()
    right = _submission(tmp_path, "right")
    wrong = _submission(tmp_path, "wrong", "\n# %%\n" + textwrap.dedent(mutant))
    for impl, expected in ((right, LAUNCH_S + KERNEL_S), (wrong, LAUNCH_S)):
        gpu = impl.helper("emulated_cuda", s_per_mac=GPU_S_PER_MAC, launch_s=LAUNCH_S)
        assert gpu.attr("run", keep=True)("time_conv2d", X_SHAPE, W_SHAPE, "cuda") == expected
    gpu = right.helper("emulated_cuda")
    with pytest.raises(StudentCodeError, match="invalid device ordinal"):
        gpu.attr("run", keep=True)("time_conv2d", X_SHAPE, W_SHAPE, "cuda:1")
