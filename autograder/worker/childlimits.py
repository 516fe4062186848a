"""A child's resource limits and its last-resort output sink (set up before it runs
any student code)."""

from __future__ import annotations

import contextlib
import io
import resource
import warnings

__all__ = ["CappedOutput", "limit", "vm_size_bytes"]


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


def limit(which: int, value: int) -> None:
    """Set a resource limit (soft and hard) where the kernel allows it."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(which, (value, value))


def vm_size_bytes() -> int:
    """This process's address space in bytes (what it already maps)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0
