"""The trusted side of the protocol: what a check holds to reach student code.

A check never touches student objects. It holds a :class:`Submission`, whose
attributes are remote functions (:mod:`autograder.boundary.remote`), and handles for
anything that is not data. Every call is a typed request through a transport (in this
process for the self-check, a sandboxed worker when grading); replies are decoded into
fresh copies, so nothing a check receives can be a live student object.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from autograder.boundary.failures import StudentCodeError, describe_failure
from autograder.boundary.loader import SubmissionFormatError, defined_in_text_cell, read_cells
from autograder.boundary.messages import Failure, Has, Helper, Load, Request, parse_reply
from autograder.boundary.remote import VJP, Handle, RemoteFunction, Traced, handle_id
from autograder.boundary.transport import Transport
from autograder.boundary.wire import DEFAULT_LIMITS, Limits, ProtocolError, decode, encode

__all__ = [
    "VJP",
    "Handle",
    "RemoteFunction",
    "StudentCodeError",
    "Submission",
    "Traced",
    "Transport",
]


class Submission:
    """One student's code for one exercise, reached only through a transport."""

    def __init__(
        self,
        transport: Transport | None,
        *,
        exercise: str,
        path: Path | None,
        limits: Limits = DEFAULT_LIMITS,
        missing_reason: str = "",
        root: Path | None = None,
    ) -> None:
        self.transport = transport
        self.exercise = exercise
        self.path = path
        self.root = root  # the student's folder: the file is read with no link below it
        self.limits = limits
        self.warnings: list[str] = []
        self.load_errors: list[dict[str, Any]] = []
        self.load_failure = missing_reason
        if transport is not None and path is not None and not missing_reason:
            self._load(path, exercise)

    def _load(self, path: Path, exercise: str) -> None:
        try:
            cells = tuple(read_cells(path, root=self.root))
            info = self.request(Load(str(path), exercise, cells), "load")
            errors = info.get("errors") if isinstance(info, dict) else None
            if not isinstance(errors, list) or not all(isinstance(e, dict) for e in errors):
                raise StudentCodeError(
                    "load: malformed reply from the student's code",
                    kind="protocol",
                    function="load",
                )
            self.load_errors = list(errors)
        except SubmissionFormatError as error:
            self.load_failure = str(error)
        except StudentCodeError as error:
            self.load_failure = str(error)
            if error.kind in ("timeout", "exit", "memory"):
                # Nothing in the file can be checked if running it never finishes.
                self.load_failure = (
                    f"{path.name}: running the file's code stopped it from loading "
                    f"({str(error).removeprefix('load: ')}); look for code at the top "
                    "level (outside functions) that loops, exits or allocates too much"
                )

    # -- the transport -----------------------------------------------------------
    def request(self, message: Request, label: str) -> Any:
        """Send ``message`` and return the reply's value (decoded data and handles);
        a failure is raised as a StudentCodeError written for the student."""
        if self.load_failure:
            raise StudentCodeError(self.load_failure, kind="load", function=label)
        if self.transport is None:
            raise StudentCodeError(
                f"{label}: there is no submission to run", kind="load", function=label
            )
        data = encode(message.to_wire(), limits=self.limits, handle_of=lambda v: handle_id(v, self))
        raw = self.transport.exchange(data)
        try:
            reply = parse_reply(
                decode(
                    raw,
                    limits=self.limits,
                    resolve=lambda i, t: Handle(self, i, t, f"{label}(...)"),
                )
            )
        except ProtocolError as error:
            raise StudentCodeError(
                f"{label}: the student's code answered with data the grader cannot read ({error})",
                kind="protocol",
                function=label,
            ) from None
        self.warnings.extend(reply.warnings)
        if isinstance(reply, Failure):
            note = self.load_note()
            if reply.kind == "missing" and self.path is not None:
                name = label.split(".", 1)[0].split("(", 1)[0]
                if defined_in_text_cell(self.path, name, root=self.root):
                    note += (
                        f" (a markdown cell defines {name}: it was probably changed from "
                        "code to markdown; change it back to a code cell)"
                    )
            raise describe_failure(label, reply, note)
        return reply.value

    def load_note(self) -> str:
        """' (some code failed to run when it was loaded: ...)', or '' if none did."""
        if not self.load_errors:
            return ""
        notes = [
            f"{e.get('where') or 'line ' + str(e.get('line'))}: {e.get('type')}: {e.get('message')}"
            for e in self.load_errors[:3]
        ]
        return " (some code failed to run when it was loaded: " + "; ".join(notes) + ")"

    def close(self) -> None:
        """End the worker behind this submission (a sandboxed child); idempotent."""
        if self.transport is not None:
            self.transport.close()

    # -- what checks use ---------------------------------------------------------
    def __getattr__(self, name: str) -> RemoteFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return RemoteFunction(self, name)

    def function(self, name: str) -> RemoteFunction:
        return RemoteFunction(self, name)

    def kind_of(self, name: str) -> str:
        """'missing', 'class', 'callable' or 'value'."""
        return str(self.request(Has(name), name))

    def helper(self, name: str, *args: Any, **kwargs: Any) -> Handle:
        """Build a grader helper (autograder.worker.helpers) inside the worker."""
        result = self.request(Helper(name, args, kwargs), name)
        if not isinstance(result, Handle):
            raise ProtocolError(f"{name}: a grader helper came back as data")
        return result
