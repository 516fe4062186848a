"""Grader-provided objects that checks may build inside the student's worker.

A check cannot send code across the boundary, so objects the student's functions
must be handed (a fake device to time, say) are built here, by name, with data
arguments. They are public: nothing in them is secret or a verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


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
        self, kernel_s: float = 0.01, first_call_s: float = 0.2, launch_s: float = 2**-20
    ) -> None:
        self.kernel_s = kernel_s
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
        cost = self.kernel_s + (self.first_call_s if self.launches == 0 else 0.0)
        self.busy_until = max(self.busy_until, self.now) + cost
        self.launches += 1

    def sync(self) -> None:
        self.syncs += 1
        self.now = max(self.now, self.busy_until)

    def stats(self) -> dict[str, int]:
        return {"launches": self.launches, "syncs": self.syncs, "reads": self.reads}


def stored(value: Any) -> Any:
    """Keep a value in the worker, so a check can later see what the student's code
    did to it (an input modified in place, say)."""
    return value


HELPERS: dict[str, Callable[..., Any]] = {
    "stored": stored,
    "emulated_async_device": EmulatedAsyncDevice,
}
