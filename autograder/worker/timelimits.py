"""Per-call time limits inside the student's process, judged on CPU time.

A call is stopped after its CPU time limit (ITIMER_PROF: user + system time of the
process, all its threads; the machine's load does not change it), or, when it sleeps or
blocks, after a wall-clock backstop several times larger (ITIMER_REAL). The grader keeps
its own, larger, wall-clock backstop outside (autograder/sandbox/host.py), and the kernel the
submission's CPU budget (RLIMIT_CPU, set in autograder/worker/zygote.py).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

WALL_BACKSTOP_FACTOR = 8.0  # a call may be blocked this many times its CPU limit
WALL_BACKSTOP_MIN_S = 30.0  # and at least this long: a busy machine may give a process
# a small share of a core, and a short CPU limit must still be reached on CPU time first


def wall_backstop(cpu_s: float, factor: float = WALL_BACKSTOP_FACTOR) -> float:
    """The wall-clock backstop for a CPU time limit: ``factor`` times it, at least 30 s."""
    return max(cpu_s * factor, WALL_BACKSTOP_MIN_S)


class CallTimeout(BaseException):
    """Raised inside student code when a call runs past its time limit: ``cpu`` when it
    used up its CPU time, ``wall`` when it was blocked (sleeping, waiting) far longer."""

    def __init__(self, clock: str = "cpu") -> None:
        super().__init__(clock)
        self.clock = clock


def timeout_message(clock: str, cpu_s: float, wall_s: float) -> str:
    """The one sentence a student reads when a call is stopped, naming the clock."""
    if clock == "cpu":
        return (
            f"the call ran for more than {cpu_s:g} s of CPU time and was stopped "
            "(an infinite loop, or far too slow?)"
        )
    return (
        f"the call was blocked for more than {wall_s:g} s of wall time and was stopped "
        f"(it may use {cpu_s:g} s of CPU time; sleeping, or waiting for something that "
        "never comes?)"
    )


@contextlib.contextmanager
def time_limit(cpu_s: float | None, wall_s: float | None) -> Iterator[None]:
    """Interrupt student code after ``cpu_s`` of this process's CPU time (ITIMER_PROF:
    user + system time of all its threads, whatever the machine's load), or after
    ``wall_s`` of wall time (ITIMER_REAL), the backstop for code that sleeps or blocks.
    Main thread only; the grader also enforces a hard limit from outside."""
    if cpu_s is None:
        yield
        return
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _cpu(signum: int, frame: object) -> None:
        raise CallTimeout("cpu")

    def _wall(signum: int, frame: object) -> None:
        raise CallTimeout("wall")

    previous = signal.signal(signal.SIGPROF, _cpu), signal.signal(signal.SIGALRM, _wall)
    signal.setitimer(signal.ITIMER_PROF, cpu_s)
    if wall_s is not None:
        signal.setitimer(signal.ITIMER_REAL, wall_s)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])
