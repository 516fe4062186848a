"""Transports: how a request message reaches a submission's code, and its reply comes back.

Two transports implement :class:`Transport`, side by side:

``InProcessTransport`` serves the student's self-check: the code runs in the same
process as the checks (it is the student's own machine), but every value still
crosses as bytes, so checks written against it run unchanged in the sandboxed engine.
Its per-call limit is CPU time, like the engine's, with a wall-clock backstop
(``wall_backstop_s``, by default a multiple of the CPU limit) for code that sleeps.

``SandboxedTransport`` serves grading: framed messages over a socket to one
submission's child process, which a :class:`ChildHost` (``sandbox.host.WorkerHost``)
forks in the sandbox. It keeps the grader's own wall clock on every call and turns a
child that blocks or dies into an ordinary failed reply; it never raises into the grader.

A :class:`TransportHost` gives one transport per student: ``WorkerHost`` (sandboxed)
or :class:`InProcessHost` (trusted reference code, benchmarks).
"""

from __future__ import annotations

import select
import socket
import time
from typing import TYPE_CHECKING, Protocol

from autograder.boundary.framing import recv_frame, send_frame
from autograder.worker.timelimits import wall_backstop

if TYPE_CHECKING:
    from autograder.boundary.wire import Limits
    from autograder.course.model import GradingLimits
    from autograder.worker.executor import Executor

_GRACE_S = 2.0  # beyond the worker's own per-call alarm, before the grader kills it
_MAX_RESTARTS = 8


class Transport(Protocol):
    """Carries one request message to the worker and brings its reply back."""

    def exchange(self, message: bytes) -> bytes: ...

    def close(self) -> None: ...


class TransportHost(Protocol):
    """Gives each student's submission a transport, and cleans up between students."""

    def transport(self, student: str = "") -> Transport: ...

    def sweep(self) -> None: ...


class WorkerError(RuntimeError):
    """The warm worker could not be started or stopped answering; says why."""


class ChildHost(Protocol):
    """Forks and ends the child processes a sandboxed transport talks to."""

    @property
    def limits(self) -> GradingLimits: ...

    def spawn(self, student: str = "") -> tuple[int, socket.socket]:
        """A new child for ``student``: its pid and our end of its socket (WorkerError)."""
        ...

    def end(self, pid: int, *, wait: bool = True) -> str:
        """Kill the child; how it ended (e.g. 'killed by SIGXCPU')."""
        ...


class InProcessTransport:
    """Runs the executor in this process; messages are still encoded both ways."""

    def __init__(
        self,
        *,
        call_timeout_s: float | None = None,
        wall_backstop_s: float | None = None,
        limits: Limits | None = None,
        output_kb: int | None = None,
    ):
        from autograder.boundary.wire import DEFAULT_LIMITS
        from autograder.worker.executor import Executor

        self.executor: Executor = Executor(
            call_timeout_s=call_timeout_s,
            wall_backstop_s=wall_backstop_s,
            limits=limits or DEFAULT_LIMITS,
            output_kb=output_kb,
        )

    def exchange(self, message: bytes) -> bytes:
        return self.executor.serve(message)

    def close(self) -> None:
        pass


class InProcessHost:
    """A host that runs the code in this process, unisolated: for trusted reference
    code (the warm-up) and as the benchmark's no-isolation baseline."""

    def __init__(self, call_timeout_s: float | None = None) -> None:
        self.call_timeout_s = call_timeout_s

    def transport(self, student: str = "") -> InProcessTransport:
        return InProcessTransport(call_timeout_s=self.call_timeout_s)

    def sweep(self) -> None:
        pass


def _failure(kind: str, message: str) -> bytes:
    # Imports torch: only once grading runs (the workers start first, in parallel).
    from autograder.boundary.messages import Failure
    from autograder.boundary.wire import encode

    return encode(Failure(kind, message).to_wire())


class SandboxedTransport:
    """One submission's child process, with the grader's own clock on every call."""

    def __init__(self, host: ChildHost, student: str = "") -> None:
        self.host = host
        self.student = student
        self.pid: int | None = None
        self.conn: socket.socket | None = None
        self.load_message: bytes | None = None
        self.used_s = 0.0
        self.restarts = 0
        self.exhausted = False

    def _start_child(self) -> None:
        self.pid, self.conn = self.host.spawn(self.student)
        if self.load_message is not None:
            # A restarted child loads the code again before the next check's request.
            self._round_trip(self.load_message)

    def _kill(self, *, wait: bool = True) -> str:
        status = ""
        if self.pid is not None:
            status = self.host.end(self.pid, wait=wait)
        if self.conn is not None:
            self.conn.close()
        self.pid, self.conn = None, None
        return status

    def _round_trip(self, message: bytes) -> bytes:
        limits = self.host.limits
        factor = limits.wall_backstop_factor
        call_wall = wall_backstop(limits.call_timeout_s, factor)
        submission_wall = wall_backstop(limits.submission_timeout_s, factor)
        left = submission_wall - self.used_s
        deadline = min(call_wall + _GRACE_S, max(left, 0.0))
        assert self.conn is not None
        started = time.perf_counter()
        try:
            send_frame(self.conn, message)
            readable, _, _ = select.select([self.conn], [], [], deadline)
            if not readable:
                raise TimeoutError
            self.conn.settimeout(max(deadline - (time.perf_counter() - started), 0.5))
            reply = recv_frame(self.conn)
        except TimeoutError:
            # Only code that sleeps, blocks, or defeats the child's own timers gets here.
            self.used_s += time.perf_counter() - started
            self._kill()
            if self.used_s >= submission_wall:
                self.exhausted = True
                return _failure(
                    "timeout",
                    f"the submission was blocked for more than {submission_wall:g} s of wall "
                    "time (sleeping, or "
                    "waiting for something that never comes?); the checks after this one "
                    "were not run",
                )
            return _failure(
                "timeout",
                f"the call was blocked for more than {call_wall:g} s of wall time and was "
                "stopped (sleeping, waiting, or stuck where it cannot be "
                "interrupted?)",
            )
        except (EOFError, OSError) as error:
            self.used_s += time.perf_counter() - started
            status = self._kill()
            if "SIGXCPU" in status:
                # The kernel's RLIMIT_CPU: the child used the whole submission's CPU time.
                self.exhausted = True
                return _failure(
                    "timeout",
                    f"the submission used up its CPU time limit of "
                    f"{limits.submission_timeout_s:g} s (an infinite loop?); the checks after "
                    "this one were not run",
                )
            hint = ""
            if "SIGKILL" in status:
                hint = (
                    f" (out of memory at {limits.memory_mb} MiB, past the submission's CPU "
                    "time limit with SIGXCPU ignored, or a crash?)"
                )
            detail = status or str(error)
            return _failure("exit", f"the student's process died during the call: {detail}{hint}")
        self.used_s += time.perf_counter() - started
        return reply

    def exchange(self, message: bytes) -> bytes:
        if self.exhausted:
            return _failure(
                "timeout",
                "not run: the submission used up its time limit (see the check that stopped it)",
            )
        if self.conn is None:
            if self.restarts > _MAX_RESTARTS:
                return _failure("exit", "not run: the student's process died too many times")
            self.restarts += 1 if self.load_message is not None else 0
            try:
                self._start_child()
            except WorkerError as error:
                return _failure("exit", f"not run: {error}")
        if self.load_message is None:
            # The first request is always the submission's load: kept for restarts.
            self.load_message = message
        return self._round_trip(message)

    def close(self) -> None:
        self._kill(wait=False)
