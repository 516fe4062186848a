"""The warm worker: imports torch once, then forks one child per submission.

Run as ``python -m autograder.worker.zygote CONTROL_FD SANDBOXED`` inside the sandbox
(see ``autograder/sandbox/bwrap.py``). It holds no course files and no verdicts: it only
forks. Each child serves one submission's protocol requests on a socket the grader
handed over, under resource limits, in a private directory, as an unprivileged user
when the grader runs as root. Control requests (JSON over a SEQPACKET socket):

``spawn`` (with the child's socket as the first attached fd, then the ``cgroup.procs``
files of the student's cgroups) -> ``{"pid": N}``;
``end`` ``{"pid": N}`` -> kills that child's process group, ``{"status": "..."}``;
``sweep`` -> kills every other process in the sandbox and empties the scratch space,
between students, so nothing one student left running or on disk reaches the next.

Kernel state does not cross either: each child joins its own cgroups, takes a new IPC
namespace and loads a seccomp filter that refuses keyrings (``confine.py``) before it
runs student code; if any of that fails where the grader required it, the child exits
(code 71) without running anything.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import shutil
import signal
import socket
import sys
import tempfile
from typing import Any

import torch

from autograder.boundary.framing import recv_frame, send_frame
from autograder.worker import confine
from autograder.worker.childlimits import CappedOutput, limit, vm_size_bytes
from autograder.worker.cleanup import CONFINE_FAILED, describe_status, mount_points_under
from autograder.worker.executor import Executor
from autograder.worker.warmup import warm_up

_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
UNPRIVILEGED_UID = 65534


# -- the child: one submission ---------------------------------------------------
def _child(
    conn: socket.socket,
    spec: dict[str, Any],
    workdir: str,
    drop_uid: bool,
    cgroup_fds: list[int] | None = None,
    rules: Any = None,
) -> None:
    """Set the child up, then serve requests until the grader closes the socket."""
    os.setsid()
    try:
        confine.confine_child(
            required=bool(spec.get("confine")),
            cgroup_fds=cgroup_fds or [],
            workdir=workdir,
            drop_to_uid=UNPRIVILEGED_UID if drop_uid else None,
            rules=rules,
        )
    except OSError:
        os._exit(CONFINE_FAILED)
    os.chdir(workdir)
    os.environ.update({"HOME": workdir, "TMPDIR": workdir})
    if spec.get("student"):
        # Whose quiz variant this is (autograder.quiz.student_id reads it).
        os.environ["AUTOGRADER_STUDENT"] = str(spec["student"])
    tempfile.tempdir = workdir
    memory = int(spec["memory_mb"]) * 2**20
    # Address space: what the warm worker already maps, plus the submission's budget.
    limit(resource.RLIMIT_AS, vm_size_bytes() + memory)
    limit(resource.RLIMIT_FSIZE, int(spec["file_size_mb"]) * 2**20)
    # The submission's CPU time (per process: a process it forks has its own): SIGXCPU
    # at the soft limit, which the grader reports as such; SIGKILL soon after if ignored.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (int(spec["cpu_s"]), int(spec["cpu_s"]) + 2))
    limit(resource.RLIMIT_CORE, 0)
    if spec.get("nproc"):
        limit(resource.RLIMIT_NPROC, int(spec["nproc"]))
    # Writes to the real stdout/stderr (os.write, C code) go nowhere; print() is capped.
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    output = CappedOutput(int(spec["output_kb"]) * 1024)
    sys.stdout = sys.stderr = output
    executor = Executor(
        call_timeout_s=float(spec["call_timeout_s"]),
        wall_backstop_s=float(spec["wall_backstop_s"]),
        memory_mb=int(spec["memory_mb"]),
        output_kb=int(spec["output_kb"]),
    )
    # A process the student's code forks must never answer the grader in our place:
    # it loses the socket at fork, and if it still returns into this loop (a fork
    # made behind Python's back), it leaves before it can send anything.
    me = os.getpid()
    os.register_at_fork(after_in_child=conn.close)
    while True:
        try:
            message = recv_frame(conn)
        except (EOFError, OSError):
            return
        reply = executor.serve(message)
        if os.getpid() != me:
            os._exit(0)
        send_frame(conn, reply)


# -- the zygote ------------------------------------------------------------------
class Zygote:
    def __init__(self, control: socket.socket, sandboxed: bool) -> None:
        self.control = control
        self.sandboxed = sandboxed
        self.drop_uid = sandboxed and os.geteuid() == 0
        self.scratch = "/tmp" if sandboxed else tempfile.mkdtemp(prefix="autograder-worker-")
        self.children: dict[int, str] = {}
        self.dying: set[int] = set()
        try:
            self.rules: Any = confine.syscall_filter()
        except confine.ConfineError:
            self.rules = None  # limits-only mode: the run's notices say so

    def spawn(self, spec: dict[str, Any], fds: list[int]) -> dict[str, Any]:
        if not fds:
            return {"error": "spawn needs the child's socket"}
        workdir = tempfile.mkdtemp(prefix="submission-", dir=self.scratch)
        pid = os.fork()
        if pid == 0:  # the child never returns from here
            code = 0
            try:
                self.control.close()
                _child(
                    socket.socket(fileno=fds[0]), spec, workdir, self.drop_uid, fds[1:], self.rules
                )
            except BaseException:  # noqa: BLE001 - nothing may escape into the zygote's loop
                code = 70
            os._exit(code)
        for fd in fds:
            os.close(fd)
        self.children[pid] = workdir
        return {"pid": pid}

    def end(self, pid: int, wait: bool = True) -> dict[str, Any]:
        """Kill a child; with ``wait``, also reap it and say how it had ended. Without,
        it is reaped later (tearing down a torch-sized process takes milliseconds
        that the grader need not wait for when the child's status does not matter)."""
        if pid not in self.children:
            return {"status": "unknown process"}
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.children.pop(pid), ignore_errors=True)
        if not wait:
            self.dying.add(pid)
            return {"status": "ended"}
        _, status = os.waitpid(pid, 0)
        return {"status": describe_status(status)}

    def reap(self) -> None:
        for pid in list(self.dying):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0] == 0:
                    continue
            self.dying.discard(pid)

    def sweep(self) -> dict[str, Any]:
        for pid in list(self.children):
            self.end(pid, wait=False)
        self.reap()
        killed = 0
        if self.sandboxed:
            # In our own PID namespace every other process (but bwrap's init, pid 1) is
            # something a submission started: a fork bomb, a daemon that called setsid.
            for _ in range(3):
                for entry in os.listdir("/proc"):
                    if entry.isdigit() and int(entry) not in (1, os.getpid()):
                        with contextlib.suppress(ProcessLookupError, PermissionError):
                            os.kill(int(entry), signal.SIGKILL)
                            killed += 1
                with contextlib.suppress(ChildProcessError):
                    while os.waitpid(-1, os.WNOHANG)[0] > 0:
                        pass
        keep = mount_points_under(self.scratch)
        for entry in os.listdir(self.scratch):
            path = os.path.join(self.scratch, entry)
            if path in keep:
                continue  # holds a read-only bind (the environment, in a /tmp checkout)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)
        return {"killed": killed}

    def serve(self) -> None:
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self.control, 65536, 4)
            except OSError:
                return
            if not data:
                return
            request = json.loads(data)
            op = request.get("op")
            if op == "spawn":
                reply = self.spawn(request["spec"], list(fds))
            elif op == "end":
                reply = self.end(int(request["pid"]), bool(request.get("wait", True)))
                self.reap()
            elif op == "sweep":
                reply = self.sweep()
            else:
                reply = {"error": f"unknown op {op!r}"}
            self.control.send(json.dumps(reply).encode())


def main() -> None:
    control_fd, sandboxed = int(sys.argv[1]), sys.argv[2] == "1"
    torch.set_num_threads(1)
    libc = ctypes.CDLL(None, use_errno=True)
    # Not dumpable: a same-user child cannot ptrace the zygote or read its memory.
    libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    if not sandboxed:
        # Orphans of a submission come back to us, so `end` and `sweep` can reap them.
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    warm_up()
    zygote = Zygote(socket.socket(fileno=control_fd), sandboxed)
    zygote.control.send(b'{"ready": true}')
    try:
        zygote.serve()
    finally:
        zygote.sweep()
        if not sandboxed:
            shutil.rmtree(zygote.scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
