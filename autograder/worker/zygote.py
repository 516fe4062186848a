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
import io
import json
import os
import resource
import shutil
import signal
import socket
import sys
import tempfile
import warnings
from typing import Any

import torch

from autograder.boundary.framing import recv_frame, send_frame
from autograder.worker import confine
from autograder.worker.executor import Executor

_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
UNPRIVILEGED_UID = 65534
CONFINE_FAILED = 71  # the child's exit code when it could not be confined


# -- the child: one submission ---------------------------------------------------
class CappedOutput(io.TextIOBase):
    """stdout/stderr for student code: keeps the first ``limit`` characters, drops the
    rest (with one warning), so a huge print can neither fill memory nor disk."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[str] = []
        self.size = 0
        self.warned = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.kept.append(text[:room])
        elif not self.warned:
            self.warned = True
            warnings.warn(
                f"printed output over {self.limit // 1024} KiB was discarded",
                RuntimeWarning,
                stacklevel=2,
            )
        self.size += len(text)
        return len(text)


def _limit(which: int, value: int) -> None:
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(which, (value, value))


def _vm_size_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


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
    _limit(resource.RLIMIT_AS, _vm_size_bytes() + memory)
    _limit(resource.RLIMIT_FSIZE, int(spec["file_size_mb"]) * 2**20)
    # The submission's CPU time (per process: a process it forks has its own): SIGXCPU
    # at the soft limit, which the grader reports as such; SIGKILL soon after if ignored.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (int(spec["cpu_s"]), int(spec["cpu_s"]) + 2))
    _limit(resource.RLIMIT_CORE, 0)
    if spec.get("nproc"):
        _limit(resource.RLIMIT_NPROC, int(spec["nproc"]))
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


def _describe(status: int) -> str:
    if os.WIFEXITED(status):
        if os.WEXITSTATUS(status) == CONFINE_FAILED:
            return "the process could not be confined (IPC namespace, cgroups or seccomp)"
        return f"the process exited with code {os.WEXITSTATUS(status)}"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.valid_signals() else str(number)
        meaning = {
            "SIGSEGV": " (segmentation fault)",
            "SIGBUS": " (bus error)",
            "SIGABRT": " (aborted)",
            "SIGXCPU": " (CPU time limit)",
            "SIGXFSZ": " (file size limit)",
            "SIGKILL": "",
        }.get(name, "")
        return f"the process was killed by {name}{meaning}"
    return "the process stopped"


def _mount_points_under(folder: str) -> set[str]:
    """Top-level entries of ``folder`` that are, or contain, a mount point."""
    found: set[str] = set()
    prefix = folder.rstrip("/") + "/"
    with contextlib.suppress(OSError), open("/proc/self/mountinfo") as table:
        for line in table:
            point = line.split()[4]
            if point.startswith(prefix):
                found.add(prefix + point[len(prefix) :].split("/", 1)[0])
    return found


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
        return {"status": _describe(status)}

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
        keep = _mount_points_under(self.scratch)
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


def _warm_up() -> None:
    """Run the paths checks use most once, so each child starts hot (first calls into
    autograd and the dispatcher cost a second or more, once per process)."""
    source = (
        "import torch\n"
        "def f(x, w):\n"
        "    return torch.nn.functional.conv2d(x, w) + (x[..., :1, :1] * 2).sum()\n"
        "def g(x, w):\n"
        "    y = torch.zeros((2, 2), dtype=x.dtype, device=x.device)\n"
        "    y[0, 0] = (x[0, 0, :2, :2] * w[0, 0, :2, :2]).sum()\n"
        "    return torch.stack([y, y @ y])\n"
    )
    executor = Executor()
    from autograder.boundary.loader import Cell
    from autograder.boundary.messages import Call, Failure, Load, Request, Vjp, parse_reply
    from autograder.boundary.wire import decode, encode

    x, w = torch.randn(1, 1, 5, 5, dtype=torch.float64), torch.randn(1, 1, 3, 3)
    requests: list[Request] = [
        Load("warmup.py", "warmup", (Cell(0, source, 1),)),
        Call("f", (x.float(), w), trace=True),
        Call("f", (x.float(), w)),
        # The first operations on the meta device (the device checks) load torch's meta
        # kernels: seconds of CPU, paid here once instead of in every student's child.
        Call("g", (x.to("meta"), w.to("meta"))),
        Call("f", (x.to("meta"), w.double().to("meta"))),
        Vjp("f", torch.ones(1, 1, 3, 3, dtype=torch.float64), (x, w.double()), wrt=(0, 1)),
    ]
    for request in requests:
        reply = parse_reply(
            decode(executor.serve(encode(request.to_wire())), resolve=lambda i, t: None)
        )
        if isinstance(reply, Failure):
            raise RuntimeError(f"worker warm-up failed: {reply}")


def main() -> None:
    control_fd, sandboxed = int(sys.argv[1]), sys.argv[2] == "1"
    torch.set_num_threads(1)
    libc = ctypes.CDLL(None, use_errno=True)
    # Not dumpable: a same-user child cannot ptrace the zygote or read its memory.
    libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    if not sandboxed:
        # Orphans of a submission come back to us, so `end` and `sweep` can reap them.
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    _warm_up()
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
