"""Grader-provided objects that checks may build inside the student's worker.

A check cannot send code across the boundary, so objects the student's functions
must be handed (a fake device to time, say) are built here, by name, with data
arguments. They are public: nothing in them is secret or a verdict.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
import timeit
import types
from collections.abc import Callable, Iterator
from typing import Any

import torch
from torch.utils._python_dispatch import TorchDispatchMode

from autograder.worker.emulated_cuda import EmulatedCudaDevice

_CONVOLUTIONS = {
    "conv2d",  # seen as such under inference_mode
    "convolution",
    "_convolution",
    "mkldnn_convolution",
    "convolution_overrideable",
}
_SECONDS_CLOCKS = ("perf_counter", "monotonic", "time", "process_time", "thread_time")


class EmulatedAsyncDevice:
    """A device whose kernels run asynchronously, like a GPU, on its own clock.

    ``launch()`` queues a kernel of ``kernel_s`` seconds and returns at once;
    ``sync()`` waits until the queue is drained; ``clock()`` reads the device's time.
    The first launch costs ``first_call_s`` extra (a cold start: allocation,
    autotuning). Time is emulated, not measured: it only moves when the device works
    (``launch_s`` per launch, and a ``sync()`` jumps to the end of the queued work), so
    a timer handed ``clock`` measures the same figures on an idle or a busy machine,
    and a timer that forgets to synchronize is caught by logic, never by luck.
    """

    def __init__(
        self,
        kernel_s: float | list[float] = 0.01,
        first_call_s: float = 0.2,
        launch_s: float = 2**-20,
    ) -> None:
        # A list: launch number i runs a kernel of kernel_s[i % len(kernel_s)] seconds
        # (calls of unequal length, so a check can tell which calls a timer timed).
        self.kernel_s = kernel_s if isinstance(kernel_s, list) else [kernel_s]
        self.first_call_s = first_call_s
        self.launch_s = launch_s  # host time to queue one kernel (about 1 us)
        self.now = 0.0
        self.busy_until = 0.0
        self.launches = 0
        self.syncs = 0
        self.reads = 0

    def clock(self) -> float:
        self.reads += 1
        return self.now

    def launch(self) -> None:
        self.now += self.launch_s
        cost = self.kernel_s[self.launches % len(self.kernel_s)]
        cost += self.first_call_s if self.launches == 0 else 0.0
        self.busy_until = max(self.busy_until, self.now) + cost
        self.launches += 1

    def sync(self) -> None:
        self.syncs += 1
        self.now = max(self.now, self.busy_until)

    def stats(self) -> dict[str, int]:
        return {"launches": self.launches, "syncs": self.syncs, "reads": self.reads}


class _Work(TorchDispatchMode):  # type: ignore[no-untyped-call]
    """Advances an EmulatedCPU's clock by the cost of each operator dispatched."""

    def __init__(self, cpu: EmulatedCPU) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.cpu = cpu

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):  # type: ignore[no-untyped-def]
        out = func(*args, **(kwargs or {}))
        if func.overloadpacket.__name__ in _CONVOLUTIONS and isinstance(out, torch.Tensor):
            weight = args[1]
            macs = out.numel() * weight[0].numel()  # each output: C/groups * kh * kw
            self.cpu.now += macs * self.cpu.s_per_mac
        else:
            self.cpu.now += self.cpu.op_s
        return out


class EmulatedCPU:
    """Runs a function of the submission on a CPU whose time the grader controls.

    During ``run(name, *args, **kwargs)`` every clock the code can read (``time``'s
    perf_counter, monotonic, time, process_time, thread_time and their ``_ns`` forms,
    ``timeit.default_timer``, hence ``torch.utils.benchmark``; also such a clock bound
    as a default argument or imported into the submission's module) reads this
    object's time, which moves only with the work: a convolution costs ``s_per_mac``
    per multiply-add, any other operator ``op_s``. A timer of a convolution then
    measures exactly ``macs * s_per_mac``, on an idle or a busy machine.
    """

    def __init__(self, s_per_mac: float = 2**-32, op_s: float = 0.0) -> None:
        self.s_per_mac = s_per_mac
        self.op_s = op_s
        self.now = 1000.0

    def _seconds(self) -> float:
        return self.now

    def _nanoseconds(self) -> int:
        return int(self.now * 1e9)

    def _replacements(self) -> dict[int, Callable[[], Any]]:
        table: dict[int, Callable[[], Any]] = {}
        for name in _SECONDS_CLOCKS:
            table[id(getattr(time, name))] = self._seconds
            table[id(getattr(time, f"{name}_ns"))] = self._nanoseconds
        return table

    @contextlib.contextmanager
    def _clocks(self, module: types.ModuleType | None) -> Iterator[None]:
        table = self._replacements()
        undo: list[Callable[[], None]] = []

        def patch(owner: Any, name: str, value: Any) -> None:
            old = getattr(owner, name)
            setattr(owner, name, value)
            undo.append(lambda: setattr(owner, name, old))

        try:
            for name in _SECONDS_CLOCKS:
                patch(time, name, self._seconds)
                patch(time, f"{name}_ns", self._nanoseconds)
            patch(timeit, "default_timer", self._seconds)
            for key, value in list(vars(module).items()) if module is not None else []:
                if id(value) in table and callable(value):
                    patch(module, key, table[id(value)])
                elif isinstance(value, types.FunctionType):
                    if value.__defaults__ and any(id(v) in table for v in value.__defaults__):
                        new = tuple(table.get(id(v), v) for v in value.__defaults__)
                        patch(value, "__defaults__", new)
                    if value.__kwdefaults__ and any(
                        id(v) in table for v in value.__kwdefaults__.values()
                    ):
                        kw = {k: table.get(id(v), v) for k, v in value.__kwdefaults__.items()}
                        patch(value, "__kwdefaults__", kw)
            yield
        finally:
            for restore in reversed(undo):
                restore()

    def run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        module = _submission_module()
        function = getattr(module, name, None)
        if not callable(function):
            raise NameError(f"{name} is not defined")
        with self._clocks(module), _Work(self):
            return function(*args, **kwargs)


class EmulatedCUDA(EmulatedCPU):
    """Runs a function of the submission on a machine with one emulated GPU, ``cuda:0``.

    As EmulatedCPU (every clock is this object's), and for the duration of
    ``run(name, *args, **kwargs)`` only, torch.cuda exists (see emulated_cuda.py): a
    convolution on the device queues ``macs * s_per_mac`` seconds of work and returns
    after ``launch_s``, any other kernel queues ``op_s``, and ``torch.cuda.synchronize()``
    moves the clock to the moment the queue drains. A timer that synchronizes around each
    call measures ``launch_s`` plus the kernel, exactly; one that does not measures the
    launch. Work on CPU tensors costs ``cpu_s_per_mac`` per multiply-add of a
    convolution, ``cpu_op_s`` per other operator, on the same clock. Everything is put
    back after the call, however it ends; a machine with a real GPU gets the emulation
    too (the verdict is the same on every grader).
    """

    def __init__(
        self,
        s_per_mac: float = 2**-36,
        op_s: float = 0.0,
        launch_s: float = 2**-20,
        cpu_s_per_mac: float = 2**-32,
        cpu_op_s: float = 0.0,
    ) -> None:
        super().__init__(s_per_mac=cpu_s_per_mac, op_s=cpu_op_s)
        self.device = EmulatedCudaDevice(self, s_per_mac=s_per_mac, op_s=op_s, launch_s=launch_s)

    def _replacements(self) -> dict[int, Callable[[], Any]]:
        return {**super()._replacements(), **self.device.replacements()}

    def stats(self) -> dict[str, int]:
        """What the submission did on the device: launches, syncs, host reads."""
        return self.device.stats()

    def run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        module = _submission_module()
        function = getattr(module, name, None)
        if not callable(function):
            raise NameError(f"{name} is not defined")
        with self._clocks(module), self.device.installed():
            return function(*args, **kwargs)


# The submission the executor now serving a request has loaded (set by the executor), so a
# helper reaches the code of the submission it was called for, even in a process that
# serves several (the in-process transport).
serving: contextvars.ContextVar[types.ModuleType | None] = contextvars.ContextVar(
    "serving", default=None
)


def _submission_module() -> types.ModuleType | None:
    return serving.get()


def stored(value: Any) -> Any:
    """Keep a value in the worker, so a check can later see what the student's code
    did to it (an input modified in place, say)."""
    return value


HELPERS: dict[str, Callable[..., Any]] = {
    "stored": stored,
    "emulated_async_device": EmulatedAsyncDevice,
    "emulated_cpu": EmulatedCPU,
    "emulated_cuda": EmulatedCUDA,
}
