"""What student code prints, capped: the same rule in the self-check and in the engine.

Every call into student code runs with ``sys.stdout`` and ``sys.stderr`` redirected to a
``CappedOutput``: the first ``limit`` characters of the submission's output pass through
to wherever they were going (pytest's capture, a notebook cell, ``/dev/null`` in the
sandbox); the rest is dropped, and the executor adds one note to the call's warnings,
so the student learns why their output stops (a warning filter cannot hide it).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TextIO


class _Stream(io.TextIOBase):
    """One redirected stream; forwards what its owner still has room for."""

    def __init__(self, owner: CappedOutput, target: TextIO) -> None:
        self.owner, self.target = owner, target

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = text if isinstance(text, str) else str(text)
        kept = self.owner.admit(len(text))
        if kept:
            self.target.write(text[:kept])
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(Exception):
            self.target.flush()


class CappedOutput:
    """Counts a submission's printed characters across all its calls (``limit`` None:
    no cap)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.size = 0
        self.dropped = 0
        self._noted = False

    def admit(self, length: int) -> int:
        """How many of ``length`` new characters may pass."""
        room = length if self.limit is None else max(0, min(length, self.limit - self.size))
        self.size += length
        self.dropped += length - room
        return room

    @contextlib.contextmanager
    def capture(self) -> Iterator[None]:
        if self.limit is None:
            yield
            return
        out, err = _Stream(self, sys.stdout), _Stream(self, sys.stderr)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield

    def take_note(self) -> str:
        """The note, once, after output was first cut ('' otherwise)."""
        if self.dropped == 0 or self._noted or self.limit is None:
            return ""
        self._noted = True
        return (
            f"output cut: the code printed more than {self.limit // 1024} KiB, and the rest "
            "was dropped (print less, e.g. not on every pass of a loop)"
        )
