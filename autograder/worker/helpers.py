"""Grader-provided objects that checks may build inside the student's worker.

A check cannot send code across the boundary, so objects the student's functions
must be handed (a fake device to time, say) are built here, by name, with data
arguments. They are public: nothing in them is secret or a verdict.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


class EmulatedAsyncDevice:
    """A device whose kernels run asynchronously, like a GPU.

    ``launch()`` queues a kernel of ``kernel_s`` seconds and returns at once;
    ``sync()`` blocks until the queue is drained. The first launch costs
    ``first_call_s`` extra (a cold start: allocation, autotuning).
    """

    def __init__(self, kernel_s: float = 0.01, first_call_s: float = 0.2) -> None:
        self.kernel_s = kernel_s
        self.first_call_s = first_call_s
        self.busy_until = time.perf_counter()
        self.launches = 0
        self.syncs = 0

    def launch(self) -> None:
        now = time.perf_counter()
        cost = self.kernel_s + (self.first_call_s if self.launches == 0 else 0.0)
        self.busy_until = max(self.busy_until, now) + cost
        self.launches += 1

    def sync(self) -> None:
        self.syncs += 1
        delay = self.busy_until - time.perf_counter()
        if delay > 0:
            time.sleep(delay)

    def stats(self) -> dict[str, int]:
        return {"launches": self.launches, "syncs": self.syncs}


def stored(value: Any) -> Any:
    """Keep a value in the worker, so a check can later see what the student's code
    did to it (an input modified in place, say)."""
    return value


HELPERS: dict[str, Callable[..., Any]] = {
    "stored": stored,
    "emulated_async_device": EmulatedAsyncDevice,
}
