"""What the zygote needs to end a child and sweep up after it: how a process ended, in
words for the student, and which scratch entries hold mount points (never removed)."""

from __future__ import annotations

import contextlib
import os
import signal

__all__ = ["CONFINE_FAILED", "describe_status", "mount_points_under"]

CONFINE_FAILED = 71  # the child's exit code when it could not be confined


def describe_status(status: int) -> str:
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


def mount_points_under(folder: str) -> set[str]:
    """Top-level entries of ``folder`` that are, or contain, a mount point."""
    found: set[str] = set()
    prefix = folder.rstrip("/") + "/"
    with contextlib.suppress(OSError), open("/proc/self/mountinfo") as table:
        for line in table:
            point = line.split()[4]
            if point.startswith(prefix):
                found.add(prefix + point[len(prefix) :].split("/", 1)[0])
    return found
