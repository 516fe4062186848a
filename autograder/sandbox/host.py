"""The grader's side of the sandboxed workers: one warm zygote per grading process.

``WorkerHost`` starts the zygote (inside the sandbox) once; ``host.transport()`` gives
a ``SandboxedTransport`` (``autograder/boundary/transport.py``) whose child process is
forked on first use.

Limits are judged on CPU time, as contest judges do, so a busy machine never changes a
verdict: the child stops a call after ``call_timeout_s`` of its own CPU time
(ITIMER_PROF), and the kernel ends the child after ``submission_timeout_s`` of CPU time
(RLIMIT_CPU, per process: a process the student forks has its own budget, is counted
against ``processes``, and is killed with the child). The transport enforces what the
student's process cannot be trusted to enforce on itself: wall-clock backstops
``wall_backstop_factor`` times larger (at least 30 s), per call and per submission, for code that
sleeps, blocks or disables its own timers, and what happens when the child dies (a
crash, an ``os._exit``, the kernel's limits). It turns each of those into an ordinary
failed reply, restarts the child for the next check, and never raises into the grader.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

from autograder.boundary.transport import SandboxedTransport, WorkerError
from autograder.course.model import GradingLimits
from autograder.sandbox.bwrap import Sandbox
from autograder.sandbox.cgroups import Controller, StudentCgroup, controllers
from autograder.worker.timelimits import wall_backstop

__all__ = ["ChildSpec", "SandboxedTransport", "WorkerError", "WorkerHost"]

# A child's memory cgroup holds what it allocates, the /tmp files it writes and the
# pages of the warm worker it copies on write (refcounts touch many): memory_mb plus this.
_CGROUP_HEADROOM_MB = 256


def _nproc_budget(processes: int) -> int:
    """RLIMIT_NPROC counts every process of the user; leave room for the user's own."""
    if os.geteuid() == 0:
        return processes  # children run as an otherwise unused uid
    uid = os.geteuid()
    mine = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    mine += 1
    return mine + 256 + processes


@dataclass(frozen=True)
class ChildSpec:
    call_timeout_s: float  # CPU seconds of one call (the child's ITIMER_PROF)
    wall_backstop_s: float  # wall seconds of one call (the child's ITIMER_REAL)
    memory_mb: int
    output_kb: int
    file_size_mb: int
    cpu_s: int  # CPU seconds of one child process (RLIMIT_CPU): the submission's budget
    nproc: int

    @classmethod
    def from_limits(cls, limits: GradingLimits) -> ChildSpec:
        return cls(
            call_timeout_s=limits.call_timeout_s,
            wall_backstop_s=wall_backstop(limits.call_timeout_s, limits.wall_backstop_factor),
            memory_mb=limits.memory_mb,
            output_kb=limits.output_kb,
            file_size_mb=limits.file_size_mb,
            cpu_s=max(1, math.ceil(limits.submission_timeout_s)),
            nproc=_nproc_budget(limits.processes),
        )


class WorkerHost:
    """One warm zygote process, in the sandbox, and the children it forks."""

    def __init__(
        self,
        sandbox: Sandbox,
        limits: GradingLimits,
        cgroups: tuple[list[Controller], str] | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.limits = limits
        self.controllers, self.cgroup_notice = cgroups if cgroups is not None else controllers()
        spec = ChildSpec.from_limits(limits)
        if any(c.name in ("pids", "unified") for c in self.controllers):
            # Processes are counted per student by the pids cgroup, not per shared uid.
            spec = ChildSpec(**{**spec.__dict__, "nproc": 0})
        self.spec = spec
        self.cgroups: dict[int, StudentCgroup] = {}
        self.leftover: list[StudentCgroup] = []
        self.process: subprocess.Popen[bytes] | None = None
        self.control: socket.socket | None = None
        self.started_s = 0.0
        self._launched = 0.0

    # -- zygote ------------------------------------------------------------------
    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start the zygote without waiting for it (it imports torch: seconds)."""
        self._launched = time.perf_counter()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        argv = [
            *self.sandbox.argv(tmp_mb=self.limits.memory_mb),
            sys.executable,
            "-m",
            "autograder.worker.zygote",
            str(theirs.fileno()),
            "1" if self.sandbox.isolated else "0",
        ]
        env = None if self.sandbox.isolated else {**os.environ, "OMP_NUM_THREADS": "1"}
        self.process = subprocess.Popen(
            argv,
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        theirs.close()
        self.control = ours

    def wait_ready(self) -> None:
        assert self.control is not None
        self.control.settimeout(120)
        try:
            ready = self.control.recv(1024)
        except OSError:
            ready = b""
        if not ready:
            error = self._stderr_tail()
            self.close()
            raise WorkerError(f"the worker did not start ({self.sandbox.description}): {error}")
        self.control.settimeout(None)
        self.started_s = time.perf_counter() - self._launched

    def _stderr_tail(self) -> str:
        if self.process is None or self.process.stderr is None:
            return ""
        with contextlib.suppress(Exception):
            self.process.kill()
            return self.process.stderr.read()[-2000:].decode(errors="replace").strip()
        return ""

    def _ask(self, request: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        if self.control is None or self.process is None or self.process.poll() is not None:
            self.close()
            self.start()
        assert self.control is not None
        try:
            if fds:
                socket.send_fds(self.control, [json.dumps(request).encode()], fds)
            else:
                self.control.send(json.dumps(request).encode())
            data = self.control.recv(65536)
        except OSError as error:
            self.close()
            raise WorkerError(f"the worker stopped answering: {error}") from None
        if not data:
            self.close()
            raise WorkerError("the worker process ended unexpectedly")
        reply: dict[str, Any] = json.loads(data)
        return reply

    def spawn(self, student: str = "") -> tuple[int, socket.socket]:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        spec = {**self.spec.__dict__, "student": student, "confine": self.sandbox.isolated}
        group = None
        if self.controllers:
            memory = (self.limits.memory_mb + _CGROUP_HEADROOM_MB) * 2**20
            try:
                group = StudentCgroup(
                    self.controllers, memory_bytes=memory, pids=self.limits.processes
                )
            except OSError as error:
                ours.close()
                theirs.close()
                raise WorkerError(f"cannot make the student's cgroup: {error}") from None
        fds = [theirs.fileno()]
        try:
            fds += group.procs_fds() if group else []
            reply = self._ask({"op": "spawn", "spec": spec}, fds)
        finally:
            for fd in fds:
                os.close(fd)
            theirs.detach()
        pid = int(reply["pid"])
        if group is not None:
            self.cgroups[pid] = group
        return pid, ours

    def _release(self, pid: int | None = None) -> None:
        """Kill what is left in a child's cgroups (all children's, without ``pid``) and
        remove them; one that still holds a dying process is retried later."""
        groups = [self.cgroups.pop(pid)] if pid in self.cgroups else []
        if pid is None:
            groups, self.cgroups = list(self.cgroups.values()), {}
        pending = [*self.leftover, *groups]
        self.leftover = [g for g in pending if not g.remove(patience_s=0.0 if pid else 5.0)]

    def end(self, pid: int, *, wait: bool = True) -> str:
        try:
            return str(self._ask({"op": "end", "pid": pid, "wait": wait}).get("status", ""))
        except WorkerError as error:
            return str(error)
        finally:
            self._release(pid)

    def sweep(self) -> None:
        """Between students: nothing one left running or on disk reaches the next."""
        with contextlib.suppress(WorkerError):
            self._ask({"op": "sweep"})
        self._release()

    @property
    def description(self) -> str:
        """What contained each student, recorded with every result."""
        return self.sandbox.with_notices(self.cgroup_notice).summary

    def transport(self, student: str = "") -> SandboxedTransport:
        return SandboxedTransport(self, student)

    def close(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None:
            with contextlib.suppress(Exception):
                self.process.kill()
                self.process.wait(timeout=5)
            if self.process.stderr is not None:
                self.process.stderr.close()
            self.process = None
        self._release()
