"""Transports that carry protocol messages between checks and student code.

``InProcessTransport`` serves the student's self-check: the code runs in the same
process as the checks (it is the student's own machine), but every value still
crosses as bytes, so checks written against it run unchanged in the sandboxed engine.
Its per-call limit is CPU time, like the engine's, with a wall-clock backstop
(``wall_backstop_s``, by default a multiple of the CPU limit) for code that sleeps.
"""

from __future__ import annotations

from autograder.boundary.wire import DEFAULT_LIMITS, Limits
from autograder.worker.executor import Executor


class InProcessTransport:
    """Runs the executor in this process; messages are still encoded both ways."""

    def __init__(
        self,
        *,
        call_timeout_s: float | None = None,
        wall_backstop_s: float | None = None,
        limits: Limits = DEFAULT_LIMITS,
        output_kb: int | None = None,
    ):
        self.executor = Executor(
            call_timeout_s=call_timeout_s,
            wall_backstop_s=wall_backstop_s,
            limits=limits,
            output_kb=output_kb,
        )

    def exchange(self, message: bytes) -> bytes:
        return self.executor.serve(message)
