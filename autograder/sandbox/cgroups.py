"""Per-student cgroups: a memory limit that also counts the student's ``/tmp`` (tmpfs
pages are charged to the cgroup of the process that writes them) and a process limit
of the student's own, rather than one shared by every student's uid.

The grader (outside the sandbox) makes one cgroup per child in each controller it can
write (cgroup v2's unified tree, else v1's ``memory`` and ``pids`` hierarchies), under
the cgroup it runs in, opens each ``cgroup.procs`` and hands the open files to the
worker, whose child writes ``0`` (itself) into them before it runs any student code.
Ending the child kills whatever is left in its cgroups and removes them.

Where no hierarchy is writable (a desktop without delegation, a locked-down
container), ``support()`` says so in one line and the limits fall back to rlimits.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path("/sys/fs/cgroup")
_counter = itertools.count()


@dataclass(frozen=True)
class Controller:
    """One place where per-student cgroups are made, and the files that limit them."""

    name: str
    parent: Path
    limits: tuple[str, ...]  # the files written, in the order of ``Limits``


def _own_path(hierarchy: str) -> str:
    """This process's cgroup in one hierarchy ("" for v2's), from /proc/self/cgroup."""
    with contextlib.suppress(OSError), open("/proc/self/cgroup") as table:
        for line in table:
            _, names, path = line.rstrip("\n").split(":", 2)
            if names.split(",") == [hierarchy] or (hierarchy == "" and names == ""):
                return path
    return ""


def _writable(folder: Path) -> bool:
    probe = folder / f"autograder-probe-{os.getpid()}-{next(_counter)}"
    try:
        probe.mkdir()
    except OSError:
        return False
    with contextlib.suppress(OSError):
        probe.rmdir()
    return True


def controllers() -> tuple[list[Controller], str]:
    """The controllers usable here, and a notice naming what is missing ('' if none)."""
    found: list[Controller] = []
    for name, files in (
        ("memory", ("memory.limit_in_bytes", "memory.memsw.limit_in_bytes")),
        ("pids", ("pids.max",)),
    ):
        folder = _ROOT / name / _own_path(name).lstrip("/")
        if (folder / "cgroup.procs").is_file() and _writable(folder):
            found.append(Controller(name, folder, files))
            _remove_stale(folder)
    if not found:
        unified = _ROOT / _own_path("").lstrip("/")
        controllers_file = unified / "cgroup.subtree_control"
        with contextlib.suppress(OSError):
            enabled = controllers_file.read_text().split()
            if {"memory", "pids"} <= set(enabled) and _writable(unified):
                found.append(Controller("unified", unified, ("memory.max", "pids.max")))
    names = {c.name for c in found}
    if "unified" in names or {"memory", "pids"} <= names:
        return found, ""
    missing = " and ".join(n for n in ("memory", "pids") if n not in names)
    return found, (
        f"per-student cgroups ({missing}) are not writable here: /tmp is capped on its own "
        "and processes are limited per uid, not per student (run the grader as root, or "
        "delegate a cgroup to its user, to get both)"
    )


def _remove_stale(parent: Path) -> None:
    """Empty cgroups left by a grader that was killed (its pid is in their name). Only
    old ones: a grader in another PID namespace may share the hierarchy, and its pid
    cannot be seen from here."""
    for folder in parent.glob("autograder-*-*"):
        with contextlib.suppress(ValueError, OSError):
            owner = int(folder.name.split("-")[1])
            old = time.time() - folder.stat().st_mtime > 3600
            if old and owner != os.getpid() and not Path(f"/proc/{owner}").exists():
                folder.rmdir()  # fails, harmlessly, while a process is still inside


class StudentCgroup:
    """One child's cgroups: made with its limits, then killed and removed."""

    def __init__(self, found: list[Controller], *, memory_bytes: int, pids: int) -> None:
        self.folders: list[Path] = []
        tag = f"autograder-{os.getpid()}-{next(_counter)}"
        for controller in found:
            folder = controller.parent / tag
            folder.mkdir()
            self.folders.append(folder)
            for limit in controller.limits:
                value = pids if limit == "pids.max" else memory_bytes
                with contextlib.suppress(OSError):  # memsw exists only with swap accounting
                    (folder / limit).write_text(str(value))

    @classmethod
    def left_by(cls, found: list[Controller], owner: int) -> StudentCgroup:
        """Every cgroup a process (a grading process, now gone) made and did not remove."""
        group = cls(found=[], memory_bytes=0, pids=0)
        group.folders = [f for c in found for f in c.parent.glob(f"autograder-{owner}-*")]
        return group

    def procs_fds(self) -> list[int]:
        """Open ``cgroup.procs`` files, for the child to write itself into (caller closes)."""
        return [
            os.open(folder / "cgroup.procs", os.O_WRONLY | os.O_CLOEXEC) for folder in self.folders
        ]

    def pids(self) -> set[int]:
        found: set[int] = set()
        for folder in self.folders:
            with contextlib.suppress(OSError, ValueError):
                found |= {int(p) for p in (folder / "cgroup.procs").read_text().split()}
        return found

    def remove(self, *, patience_s: float = 5.0) -> bool:
        """Kill every process left in the cgroups and remove them; False if one stays."""
        deadline = time.monotonic() + patience_s
        while True:
            for pid in self.pids():
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            left = []
            for folder in self.folders:
                try:
                    folder.rmdir()
                except FileNotFoundError:
                    pass
                except OSError:
                    left.append(folder)
            self.folders = left
            if not left or time.monotonic() > deadline:
                return not left
            time.sleep(0.02)
