"""The sandbox a student's worker runs in: bubblewrap when present, else resource limits.

With ``bwrap`` the worker sees a file system built from an allow-list: the system
directories and the Python installation read-only, the ``autograder`` package
read-only, a private ``/tmp``, fresh ``/proc`` and ``/dev``, and nothing else. The
course repository (solutions, hidden tests), the gradebook, the submissions folder and
the instructor's home are simply not there. It has no network (its own empty network
namespace), its own PID namespace (so every process a submission starts can be found
and killed), and it dies with the grader.

Each submission's child is confined further (``autograder/worker/confine.py``): its own
IPC namespace, a seccomp filter like Docker's default profile, no capabilities, and,
where a cgroup hierarchy is writable, its own memory (``/tmp`` included) and process
limits (``autograder/sandbox/cgroups.py``). The worker's ``/tmp`` is a tmpfs capped at the
submission's ``memory_mb`` and emptied between students.

Fail closed: if ``bwrap`` is installed but the probe (a confined Python inside it)
does not start, twice, ``find_sandbox`` raises with the probe's error and the fix.
Resource limits only is used when bubblewrap is not installed (said loudly;
``--require-sandbox`` refuses instead) or when asked for with ``--no-sandbox``; either
way it is recorded with every result.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import autograder

# Directories a Python process needs, bound read-only when they exist.
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")


class SandboxUnavailable(RuntimeError):
    """The sandbox is installed but does not start, or was required and is missing; the
    message gives the probe's own error and how to fix it."""


NO_SANDBOX_FLAG = "--no-sandbox"


@dataclass(frozen=True)
class Sandbox:
    """How workers are started: ``argv(tmp_mb=...)`` goes before the worker's command.

    ``notices`` name every protection that is missing here, one line each; they are
    printed with the run and recorded in each result's sandbox description."""

    isolated: bool
    bwrap: str
    description: str
    notices: tuple[str, ...] = ()

    def argv(self, *, tmp_mb: int | None = None) -> tuple[str, ...]:
        """The command prefix; ``tmp_mb`` caps the worker's private /tmp (a tmpfs)."""
        return bwrap_argv(self.bwrap, tmp_mb=tmp_mb) if self.isolated else ()

    @property
    def argv_prefix(self) -> tuple[str, ...]:
        return self.argv()

    @property
    def warning(self) -> str:
        lines = list(self.notices)
        if not self.isolated:
            lines.insert(
                0,
                "WARNING: file-system isolation is OFF "
                f"({self.description}): students' code runs under resource limits only "
                "and could read any file this user can read, hidden tests and solutions "
                "included. Install bubblewrap (apt-get install bubblewrap), or pass "
                "--require-sandbox to refuse to grade without it.",
            )
        return "\n".join(lines)

    def with_notices(self, *extra: str) -> Sandbox:
        notices = tuple(dict.fromkeys((*self.notices, *[n for n in extra if n])))
        return Sandbox(self.isolated, self.bwrap, self.description, notices)

    @property
    def summary(self) -> str:
        """The one line recorded with every result: what contained the student."""
        return "; ".join((self.description, *self.notices))


def _readonly_binds() -> list[str]:
    args: list[str] = []
    seen: set[str] = set()
    made: set[str] = set()

    def bind(path: str) -> None:
        real = os.path.realpath(path)
        if not os.path.exists(real) or any(
            real == done or real.startswith(done.rstrip("/") + "/") for done in seen
        ):
            return
        seen.add(real)
        # Parent directories are made traversable (the host's may be private, like
        # /root): they are empty in the sandbox apart from what is bound into them.
        for parent in reversed(Path(real).parents[:-1]):
            if str(parent) not in made and not os.path.islink(parent):
                made.add(str(parent))
                args.extend(["--perms", "0755", "--dir", str(parent)])
        args.extend(["--ro-bind", real, real])

    for directory in _SYSTEM_DIRS:
        if os.path.islink(directory):
            args.extend(["--symlink", os.readlink(directory), directory])
        elif os.path.isdir(directory):
            bind(directory)
    # The interpreter, its standard library and the environment with torch in it.
    for prefix in dict.fromkeys((sys.prefix, sys.base_prefix, sys.exec_prefix)):
        bind(prefix)
    bind(os.path.dirname(os.path.realpath(sys.executable)))
    # Only the package itself, not the repository around it.
    bind(str(Path(autograder.__file__).resolve().parent))
    if sys.prefix != sys.base_prefix and os.path.islink(sys.executable):
        # A venv's python is a symlink to the base interpreter: keep the link's path.
        bind(os.path.dirname(os.path.abspath(sys.executable)))
    return args


def _gpu_devices() -> list[str]:
    """NVIDIA device nodes, so the GPU-timing exercise can use a GPU when there is one."""
    args: list[str] = []
    for node in sorted(glob.glob("/dev/nvidia*")):
        args.extend(["--dev-bind", node, node])
    if os.path.isdir("/proc/driver/nvidia"):
        args.extend(["--ro-bind", "/sys", "/sys"])
    return args


def bwrap_argv(bwrap: str, *, tmp_mb: int | None = None) -> tuple[str, ...]:
    """The bubblewrap command line that wraps one worker; ``tmp_mb`` caps its /tmp."""
    namespaces = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    if os.geteuid() != 0:
        # Unprivileged bwrap needs a user namespace; as root the worker instead drops to
        # an unprivileged uid itself (so process limits apply, see zygote.py).
        namespaces.append("--unshare-user")
    return (
        bwrap,
        *namespaces,
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        # The private /tmp first: an environment or package that lives under /tmp on
        # the host (a CI checkout, say) is then bound on top of it, not hidden by it.
        # Its size is capped (a tmpfs lives in memory: see cgroups.py for the charge).
        *(("--size", str(tmp_mb * 2**20)) if tmp_mb else ()),
        "--tmpfs",
        "/tmp",
        *_readonly_binds(),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        *_gpu_devices(),
        "--chdir",
        "/tmp",
        "--clearenv",
        "--setenv",
        "PATH",
        "/usr/bin:/bin",
        "--setenv",
        "HOME",
        "/tmp",
        "--setenv",
        "OMP_NUM_THREADS",
        "1",
        "--setenv",
        "PYTHONDONTWRITEBYTECODE",
        "1",
        "--",
    )


def find_sandbox(*, require: bool = False, allow: bool = True, bwrap: str | None = None) -> Sandbox:
    """The sandbox this machine offers; fails closed.

    Args:
        require: raise ``SandboxUnavailable`` rather than fall back to limits only
            when bubblewrap is not installed.
        allow: ``False`` is ``--no-sandbox``: limits only, recorded as such.
        bwrap: the bubblewrap to use (default: ``$AUTOGRADER_BWRAP``, else ``bwrap``
            on PATH).

    Raises:
        SandboxUnavailable: bubblewrap is installed but a sandboxed, confined Python
            does not start (the probe's error and the fix are in the message), or it
            is missing and ``require`` is set.
    """
    if not allow:
        confined = _probe((sys.executable, "-m", "autograder.worker.confine"))
        return Sandbox(
            False,
            "",
            f"resource limits only ({NO_SANDBOX_FLAG})",
            _confinement_notices(confined),
        )
    found = bwrap or os.environ.get("AUTOGRADER_BWRAP") or shutil.which("bwrap")
    if found:
        argv = bwrap_argv(found, tmp_mb=64)
        report = _probe((*argv, sys.executable, "-m", "autograder.worker.confine"))
        if report.error:
            raise SandboxUnavailable(
                f"bubblewrap ({found}) is installed but cannot start a sandbox here: "
                f"{report.error}. Fix: allow it the namespaces it needs (as root; or set "
                "kernel.unprivileged_userns_clone=1 / user.max_user_namespaces > 0), or "
                f"grade with {NO_SANDBOX_FLAG} to use resource limits only (recorded in "
                "every result)"
            )
        problems = [p for p in (report.ipc, report.seccomp) if p]
        if problems:
            raise SandboxUnavailable(
                f"bubblewrap ({found}) starts, but a student's process cannot be "
                f"confined: {'; '.join(problems)}. Fix: install libseccomp "
                "(apt-get install libseccomp2) and the pinned pyseccomp (make), or grade "
                f"with {NO_SANDBOX_FLAG}"
            )
        return Sandbox(True, found, f"bubblewrap ({found})")
    if require:
        raise SandboxUnavailable(
            "--require-sandbox: bubblewrap (bwrap) is not installed; install it with "
            "`apt-get install bubblewrap` (Debian/Ubuntu), or drop --require-sandbox"
        )
    confined = _probe((sys.executable, "-m", "autograder.worker.confine"))
    return Sandbox(
        False,
        "",
        "resource limits only (bubblewrap is not installed)",
        _confinement_notices(confined),
    )


@dataclass(frozen=True)
class _ProbeReport:
    error: str = ""  # the sandbox did not start at all
    ipc: str = ""  # no private IPC namespace per student
    seccomp: str = ""  # no system-call filter


def _confinement_notices(report: _ProbeReport) -> tuple[str, ...]:
    notices = []
    if report.error or report.ipc:
        notices.append(
            "no private IPC namespace per student: SysV IPC and POSIX message queues are "
            f"swept, not isolated ({report.error or report.ipc})"
        )
    if report.error or report.seccomp:
        notices.append(
            "no seccomp filter: keyrings, ptrace and the like are open to students' code "
            f"({report.error or report.seccomp})"
        )
    return tuple(notices)


_PROBED: dict[tuple[str, ...], _ProbeReport] = {}
_PROBE_TIMEOUT_S = 180.0  # a loaded machine is slow, never a reason to fail open


def _probe(argv: tuple[str, ...]) -> _ProbeReport:
    """Start the probe (see ``autograder.worker.confine``) and read its report; a
    failure is tried once more before it counts (a transient fork or memory failure
    on a loaded machine must not decide the run). A success is remembered."""
    if argv in _PROBED:
        return _PROBED[argv]
    report = _ProbeReport()
    for _ in range(2):
        report = _probe_once(argv)
        if not report.error:
            _PROBED[argv] = report
            break
    return report


def _probe_once(argv: tuple[str, ...]) -> _ProbeReport:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=_PROBE_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        return _ProbeReport(error=f"cannot run {argv[0]} ({error})")
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        detail = done.stderr.strip()[-300:] or f"exit status {done.returncode}"
        return _ProbeReport(error=detail)
    try:
        found = json.loads(lines[-1])
        return _ProbeReport(ipc=str(found.get("ipc", "")), seccomp=str(found.get("seccomp", "")))
    except (ValueError, AttributeError):
        return _ProbeReport(error=f"unexpected probe output {lines[-1][:200]!r}")
