"""The trusted side of the protocol: what a check holds to reach student code.

A check never touches student objects. It holds a :class:`Submission`, whose
attributes are remote functions, and :class:`Handle` objects for anything that is
not data. Every call is a message through a transport (in this process for the
self-check, a sandboxed worker when grading); replies are decoded into fresh
copies, so nothing a check receives can be a live student object.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import torch

from autograder.boundary.loader import SubmissionFormatError, defined_in_text_cell, read_cells
from autograder.boundary.wire import DEFAULT_LIMITS, Limits, ProtocolError, decode, encode


class Transport(Protocol):
    """Carries one request message to the worker and brings its reply back."""

    def exchange(self, message: bytes) -> bytes: ...


class StudentCodeError(Exception):
    """The student's code failed; the message is written for the student."""

    def __init__(self, message: str, *, kind: str, function: str, remote_type: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.function = function
        self.remote_type = remote_type


_MIRRORED = {
    name: getattr(builtins, name)
    for name in (
        "ValueError",
        "TypeError",
        "RuntimeError",
        "IndexError",
        "KeyError",
        "AttributeError",
        "NotImplementedError",
        "ZeroDivisionError",
        "ArithmeticError",
        "LookupError",
        "OverflowError",
        "RecursionError",
        "MemoryError",
        "AssertionError",
    )
}


@cache
def _exception_class(type_name: str) -> type[StudentCodeError]:
    """A StudentCodeError that is also the builtin the student raised, if any, so
    ``pytest.raises(ValueError)`` works across the boundary."""
    base = _MIRRORED.get(type_name)
    if base is None:
        return StudentCodeError
    return type(f"Student{type_name}", (StudentCodeError, base), {})


def _describe_failure(function: str, error: dict[str, Any], load_note: str) -> StudentCodeError:
    kind = str(error.get("kind", "exception"))
    message = str(error.get("message", ""))
    remote_type = str(error.get("type", ""))
    if kind == "exception":
        where = f" ({error['where']})" if error.get("where") else ""
        if remote_type == "NotImplementedError" and (
            not message or message.lower().startswith("not implemented yet")
        ):  # the stub's own line (or nbgrader's bare one), not torch's NotImplementedError
            text = f"{function} is not implemented yet: it raises NotImplementedError{where}"
        else:
            text = f"{function} raised {remote_type}: {message}{where}"
    elif kind == "missing":
        text = f"{function}: {message} in your submission{load_note}"
    elif kind in ("load", "format"):
        text = message
    else:
        text = f"{function}: {message}"
    return _exception_class(remote_type if kind == "exception" else "")(
        text, kind=kind, function=function, remote_type=remote_type
    )


@dataclass(frozen=True)
class Traced:
    """A call's value and the ATen operators it dispatched to."""

    value: Any
    ops: dict[str, int]  # ATen operator name -> number of calls


@dataclass(frozen=True)
class VJP:
    """A vector-Jacobian product computed in the worker."""

    output: torch.Tensor
    grads: tuple[torch.Tensor | None, ...]
    param_grads: dict[str, torch.Tensor | None]


class _Remote:
    """Something callable in the worker: a named function or a handle."""

    _submission: Submission
    _label: str

    def _target(self) -> Any:
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._submission._request(
            {"op": "call", "target": self._target(), "args": args, "kwargs": kwargs}, self._label
        )

    def keep(self, *args: Any, **kwargs: Any) -> Handle:
        """Call, and keep the whole result in the worker as a handle."""
        result = self._submission._request(
            {"op": "call", "target": self._target(), "args": args, "kwargs": kwargs, "keep": True},
            self._label,
        )
        assert isinstance(result, Handle)
        return result

    def trace(self, *args: Any, **kwargs: Any) -> Traced:
        """Call, recording the library operators the call dispatched to."""
        reply = self._submission._request(
            {"op": "call", "target": self._target(), "args": args, "kwargs": kwargs, "trace": True},
            self._label,
        )
        return Traced(reply["value"], dict(reply["ops"]))

    def vjp(
        self,
        *args: Any,
        grad_output: torch.Tensor,
        wrt: Sequence[int] = (0,),
        params_of: Handle | None = None,
        **kwargs: Any,
    ) -> VJP:
        """Call with the ``wrt`` arguments as leaves; return the output and the
        gradients of ``(output * grad_output).sum()`` w.r.t. them (and the parameters
        of ``params_of``). A gradient that does not flow comes back as None."""
        reply = self._submission._request(
            {
                "op": "vjp",
                "target": self._target(),
                "args": args,
                "kwargs": kwargs,
                "wrt": list(wrt),
                "cotangent": grad_output,
                "params_of": params_of,
            },
            self._label,
        )
        return VJP(reply["output"], tuple(reply["grads"]), dict(reply["param_grads"]))


class RemoteFunction(_Remote):
    """A top-level name of the submission."""

    def __init__(self, submission: Submission, name: str) -> None:
        self._submission = submission
        self._label = name
        self.name = name

    def _target(self) -> Any:
        return self.name

    def __repr__(self) -> str:
        return f"<student function {self.name}>"


class Handle(_Remote):
    """An object that stays in the worker; read it through attributes and items."""

    def __init__(self, submission: Submission, handle_id: int, type_name: str, label: str):
        self._submission = submission
        self._id = handle_id
        self.type_name = type_name
        self._label = label

    def _target(self) -> Any:
        return self

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.attr(name)

    def attr(self, name: str, *, keep: bool = False) -> Any:
        """The attribute ``name``: data if it is data, else a handle."""
        return self._submission._request(
            {"op": "getattr", "target": self, "name": name, "keep": keep}, f"{self._label}.{name}"
        )

    def __getitem__(self, key: int | str) -> Any:
        return self.item(key)

    def item(self, key: int | str, *, keep: bool = False) -> Any:
        """The item ``key``: data if it is data, else (or with keep) a handle."""
        return self._submission._request(
            {"op": "getitem", "target": self, "key": key, "keep": keep}, f"{self._label}[{key!r}]"
        )

    def fetch(self) -> Any:
        """The object itself, as data (a copy); fails if it is not data."""
        return self._submission._request({"op": "fetch", "target": self}, self._label)

    def release(self) -> None:
        self._submission._request({"op": "release", "id": self._id}, self._label)

    def __repr__(self) -> str:
        return f"<handle to a {self.type_name} from {self._label}>"


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
            try:
                cells = [
                    {
                        "index": c.index,
                        "source": c.source,
                        "first_line": c.first_line,
                        "label": c.label,
                    }
                    for c in read_cells(path, root=root)
                ]
                info = self._request(
                    {"op": "load", "filename": str(path), "cells": cells, "exercise": exercise},
                    "load",
                )
                self.load_errors = list(info["errors"])
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

    # -- transport ---------------------------------------------------------------
    def _handle_id(self, value: Any) -> int:
        if isinstance(value, Handle):
            if value._submission is not self:
                raise ProtocolError("a handle can only go back to the submission it came from")
            return value._id
        raise ProtocolError(
            f"a {type(value).__name__} cannot be sent to the student's code; send data "
            "(tensors, numbers, strings, lists, tuples, dicts) or handles"
        )

    def _request(self, request: dict[str, Any], label: str) -> Any:
        if self.load_failure:
            raise StudentCodeError(self.load_failure, kind="load", function=label)
        assert self.transport is not None
        message = encode(request, limits=self.limits, handle_of=self._handle_id)
        raw = self.transport.exchange(message)
        try:
            reply = decode(
                raw,
                limits=self.limits,
                resolve=lambda i, t: Handle(self, i, t, f"{label}(...)"),
            )
        except ProtocolError as error:
            raise StudentCodeError(
                f"{label}: the student's code answered with data the grader cannot read ({error})",
                kind="protocol",
                function=label,
            ) from None
        if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
            raise StudentCodeError(
                f"{label}: malformed reply from the student's code", kind="protocol", function=label
            )
        caught = reply.get("warnings") or []
        if isinstance(caught, list):
            self.warnings.extend(str(w) for w in caught)
        if not reply["ok"]:
            failure = reply.get("error")
            body = failure if isinstance(failure, dict) else {}
            note = self._load_note()
            if body.get("kind") == "missing" and self.path is not None:
                name = label.split(".", 1)[0].split("(", 1)[0]
                if defined_in_text_cell(self.path, name, root=self.root):
                    note += (
                        f" (a markdown cell defines {name}: it was probably changed from "
                        "code to markdown; change it back to a code cell)"
                    )
            raise _describe_failure(label, body, note)
        return reply.get("value")

    def _load_note(self) -> str:
        if not self.load_errors:
            return ""
        notes = [
            f"{e.get('where') or 'line ' + str(e.get('line'))}: {e.get('type')}: {e.get('message')}"
            for e in self.load_errors[:3]
        ]
        return " (some code failed to run when it was loaded: " + "; ".join(notes) + ")"

    # -- what checks use ---------------------------------------------------------
    def __getattr__(self, name: str) -> RemoteFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return RemoteFunction(self, name)

    def function(self, name: str) -> RemoteFunction:
        return RemoteFunction(self, name)

    def kind_of(self, name: str) -> str:
        """'missing', 'class', 'callable' or 'value'."""
        return str(self._request({"op": "has", "name": name}, name))

    def helper(self, name: str, *args: Any, **kwargs: Any) -> Handle:
        """Build a grader helper (autograder.worker.helpers) inside the worker."""
        result = self._request({"op": "helper", "name": name, "args": args, "kwargs": kwargs}, name)
        assert isinstance(result, Handle)
        return result
