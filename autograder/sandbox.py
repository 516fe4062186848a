"""The sandbox a student's worker runs in: bubblewrap when present, else resource limits.

With ``bwrap`` the worker sees a file system built from an allow-list: the system
directories and the Python installation read-only, the ``autograder`` package
read-only, a private ``/tmp``, fresh ``/proc`` and ``/dev``, and nothing else. The
course repository (solutions, hidden tests), the gradebook, the submissions folder and
the instructor's home are simply not there. It has no network (its own empty network
namespace), its own PID namespace (so every process a submission starts can be found
and killed), and it dies with the grader.

Without ``bwrap`` the worker is a plain process under resource limits: a student's code
could then read any file the grader's user can read. The engine says so loudly, and
``--require-sandbox`` refuses to run.
"""

from __future__ import annotations

import functools
import glob
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
    """The sandbox was required but cannot be used here; the message says how to fix it."""


@dataclass(frozen=True)
class Sandbox:
    """How workers are started: ``argv_prefix`` goes before the worker's command."""

    isolated: bool
    argv_prefix: tuple[str, ...]
    description: str

    @property
    def warning(self) -> str:
        if self.isolated:
            return ""
        return (
            "WARNING: file-system isolation is OFF (bubblewrap not found): students' code "
            "runs under resource limits only and could read any file this user can read, "
            "hidden tests and solutions included. Install bubblewrap (apt-get install "
            "bubblewrap) or pass --require-sandbox to refuse to grade without it."
        )


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


def bwrap_argv(bwrap: str) -> tuple[str, ...]:
    """The bubblewrap command line that wraps one worker."""
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


def find_sandbox(*, require: bool = False, allow: bool = True) -> Sandbox:
    """The best sandbox this machine offers.

    Args:
        require: raise ``SandboxUnavailable`` rather than fall back to limits only.
        allow: use bubblewrap if present (``False`` forces the fallback, for tests).
    """
    bwrap = shutil.which("bwrap") if allow else None
    problem = "is not installed"
    if bwrap is not None:
        argv = bwrap_argv(bwrap)
        problem = _probe(argv)
        if not problem:
            return Sandbox(True, argv, f"bubblewrap ({bwrap})")
    if require:
        raise SandboxUnavailable(
            f"--require-sandbox: bubblewrap (bwrap) {problem}; install it with "
            "`apt-get install bubblewrap` (Debian/Ubuntu), allow unprivileged user "
            "namespaces, or drop --require-sandbox"
        )
    return Sandbox(False, (), f"resource limits only (bubblewrap {problem})")


@functools.lru_cache(maxsize=4)
def _probe(argv: tuple[str, ...]) -> str:
    """'' if a sandboxed Python starts; else what went wrong (a container may forbid
    the namespaces bubblewrap needs)."""
    try:
        done = subprocess.run(
            [*argv, sys.executable, "-c", "import autograder"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"cannot run ({error})"
    if done.returncode != 0:
        return f"cannot start a sandbox here ({done.stderr.strip()[-300:]})"
    return ""
