"""An emulated CUDA device, for one call into the submission (worker side only).

torch's CPU build has no CUDA, and graders have no GPU, yet "on a CUDA device each call
is synchronized" is a rule a check must try. ``EmulatedCudaDevice.installed()`` makes
the submission see one device, ``cuda:0``, until the block ends (however it ends):

- ``torch.cuda.is_available()`` is True (and ``device_count``, ``current_device``,
  ``synchronize``, ``Event``, ``get_device_name``; ``torch.accelerator`` likewise, so
  ``torch.utils.benchmark.Timer`` synchronizes as it does on a GPU);
- a factory given ``device="cuda"`` (or ``"cuda:0"``, ``torch.device("cuda")``, ``0``),
  ``.to("cuda")`` and ``.cuda()`` make a tensor *on the device*: CPU storage that a
  ``TorchFunctionMode`` reports as ``cuda:0`` (``.device``, ``.is_cuda``,
  ``.get_device()``); what an operator makes from such tensors is on the device too,
  and ``.cpu()`` / ``.to("cpu")`` copy it back;
- every operator on the device is *launched*: it queues its emulated cost (a
  convolution ``s_per_mac`` per multiply-add, any other kernel ``op_s``) and returns
  after ``launch_s`` of host time; ``torch.cuda.synchronize()`` (and anything that
  reads a value on the host: ``.item()``, ``.tolist()``, ``float()``, ``.cpu()``,
  printing) moves the host clock to the moment the queue drains.

It is honest about what it is: ``get_device_name()`` says "emulated", values are
computed on the CPU, by the CPU's kernels (bit for bit a CPU result), views and
metadata cost nothing, and mixing a device tensor with a CPU tensor in one operator
fails as it does on a GPU. The host clock is the grader's (``helpers.EmulatedCPU``),
so a timer measures exact figures on an idle or a busy machine. Which tensors are on the
device, and what an operator costs, is cuda_tensors.py's job.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import torch
from torch.utils.weak import WeakIdKeyDictionary

from autograder.worker.cuda_tensors import DeviceMode, device_index

NAME = "Emulated CUDA device (autograder: computes on the CPU, on the grader's clock)"


class HostClock(Protocol):
    """The grader's emulated CPU (helpers.EmulatedCPU): its time and its costs."""

    now: float
    s_per_mac: float
    op_s: float


def _device_name(device: Any = None) -> str:
    device_index(device)
    return NAME


class EmulatedCudaDevice:
    """One emulated GPU: its queue (``busy_until``) on the host's clock (``host.now``)."""

    def __init__(self, host: HostClock, s_per_mac: float, op_s: float, launch_s: float) -> None:
        self.host = host
        self.s_per_mac = s_per_mac
        self.op_s = op_s
        self.launch_s = launch_s
        self.busy_until = host.now
        self.launches = 0
        self.syncs = 0  # explicit: torch.cuda / torch.accelerator synchronize
        self.host_reads = 0  # implicit: .item(), .cpu(), printing, ...
        self.on_device: WeakIdKeyDictionary = WeakIdKeyDictionary()
        self._functions: dict[str, tuple[Any, dict[str, Callable[..., Any]]]] | None = None

    # -- the queue --------------------------------------------------------------
    def launch(self, cost: float) -> None:
        """Queue a kernel of ``cost`` seconds; the host goes on after ``launch_s``."""
        self.host.now += self.launch_s
        self.busy_until = max(self.busy_until, self.host.now) + cost
        self.launches += 1

    def drain(self) -> None:
        self.host.now = max(self.host.now, self.busy_until)

    def synchronize(self, device: Any = None) -> None:
        device_index(device)
        self.syncs += 1
        self.drain()

    def stats(self) -> dict[str, int]:
        return {"launches": self.launches, "syncs": self.syncs, "host_reads": self.host_reads}

    # -- what the submission sees ----------------------------------------------------
    def functions(self) -> dict[str, tuple[Any, dict[str, Callable[..., Any]]]]:
        """The replacements, by module: torch.cuda's and torch.accelerator's."""
        if self._functions is None:
            self._functions = self._make_functions()
        return self._functions

    def _make_functions(self) -> dict[str, tuple[Any, dict[str, Callable[..., Any]]]]:
        cuda = torch.device("cuda", 0)
        device = self

        class Event(_EmulatedEvent):
            emulated = device

        return {
            "cuda": (
                torch.cuda,
                {
                    "is_available": lambda: True,
                    "device_count": lambda: 1,
                    "current_device": lambda: 0,
                    "set_device": device_index,
                    "synchronize": self.synchronize,
                    "get_device_name": _device_name,
                    "Event": Event,
                    "current_stream": lambda device=None: _EmulatedStream(device, self),
                    "default_stream": lambda device=None: _EmulatedStream(device, self),
                },
            ),
            "accelerator": (
                torch.accelerator,
                {
                    "is_available": lambda: True,
                    "device_count": lambda: 1,
                    "current_device_index": lambda: 0,
                    "current_accelerator": lambda check_available=False: cuda,
                    "synchronize": self.synchronize,
                },
            ),
        }

    def replacements(self) -> dict[int, Callable[..., Any]]:
        """By id of the real function: for a submission that bound one to a name."""
        table: dict[int, Callable[..., Any]] = {}
        for owner, functions in self.functions().values():
            for name, value in functions.items():
                table[id(getattr(owner, name))] = value
        return table

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """The device exists until the block ends, however it ends."""
        undo: list[tuple[Any, str, Any]] = []
        try:
            for owner, functions in self.functions().values():
                for name, value in functions.items():
                    undo.append((owner, name, getattr(owner, name)))
                    setattr(owner, name, value)
            with DeviceMode(self):
                yield
        finally:
            for owner, name, old in reversed(undo):
                setattr(owner, name, old)


class _EmulatedStream:
    """torch.cuda.current_stream(): the device's one queue."""

    def __init__(self, device: Any, emulated: EmulatedCudaDevice) -> None:
        device_index(device)
        self.emulated = emulated

    def synchronize(self) -> None:
        self.emulated.synchronize()

    def query(self) -> bool:
        return self.emulated.host.now >= self.emulated.busy_until


class _EmulatedEvent:
    """torch.cuda.Event on the emulated device: a time stamp in its queue."""

    emulated: EmulatedCudaDevice

    def __init__(self, enable_timing: bool = False, **_: Any) -> None:
        self.enable_timing = enable_timing
        self.at: float | None = None

    def record(self, stream: Any = None) -> None:
        self.at = max(self.emulated.host.now, self.emulated.busy_until)

    def query(self) -> bool:
        return self.at is None or self.emulated.host.now >= self.at

    def synchronize(self) -> None:
        if self.at is not None:
            self.emulated.host.now = max(self.emulated.host.now, self.at)

    def wait(self, stream: Any = None) -> None:
        return None

    def elapsed_time(self, end: _EmulatedEvent) -> float:
        """Milliseconds between the two events, as on a GPU."""
        if not (self.enable_timing and end.enable_timing):
            raise RuntimeError("Both events must be created with argument 'enable_timing=True'.")
        if self.at is None or end.at is None:
            raise RuntimeError("Both events must be recorded before calculating elapsed time.")
        if not (self.query() and end.query()):
            raise RuntimeError("Both events must be completed before calculating elapsed time.")
        return (end.at - self.at) * 1000.0
