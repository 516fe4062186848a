"""The protocol's messages, one dataclass per operation, and their replies.

A message crosses as ``{"op": <name>, <field>: <value>, ...}`` through the data encoder
of :mod:`autograder.boundary.wire`; :func:`parse_request` and :func:`parse_reply` turn a
decoded value back into its message, refusing an unknown operation, a missing or
unexpected field, or a field of the wrong type with :class:`ProtocolError`. Fields that
carry student values (``args``, ``target``, ...) are any data the encoder accepts, or
handles; the rest are checked here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import ClassVar

from autograder.boundary.fields import Fields as _Fields
from autograder.boundary.fields import sequence as _sequence
from autograder.boundary.loader import Cell
from autograder.boundary.replies import Failure, Reply, Success, parse_reply
from autograder.boundary.wire import ProtocolError

__all__ = [
    "Call",
    "Failure",
    "Fetch",
    "GetAttr",
    "GetItem",
    "Has",
    "Helper",
    "Load",
    "Release",
    "Reply",
    "Request",
    "Success",
    "Vjp",
    "WorkerRequest",
    "parse_reply",
    "parse_request",
]


@dataclass(frozen=True)
class Request:
    """A request to the worker; each subclass is one operation."""

    op: ClassVar[str]

    def to_wire(self) -> dict[str, object]:
        return {"op": self.op, **{f.name: getattr(self, f.name) for f in fields(self)}}


@dataclass(frozen=True)
class Load(Request):
    """Run a submission's code cells in a fresh module (the first request)."""

    op: ClassVar[str] = "load"
    filename: str
    exercise: str
    cells: tuple[Cell, ...]

    def to_wire(self) -> dict[str, object]:
        cells = [
            {"index": c.index, "source": c.source, "first_line": c.first_line, "label": c.label}
            for c in self.cells
        ]
        return {"op": self.op, "filename": self.filename, "exercise": self.exercise, "cells": cells}

    @classmethod
    def parse(cls, raw: _Fields) -> Load:
        cells = []
        for item in raw.take("cells", list):
            if not isinstance(item, dict):
                raise ProtocolError("load: a cell is not a dict")
            cell = _Fields("load: a cell", item)
            cells.append(
                Cell(
                    cell.take("index", int),
                    cell.take("source", str),
                    cell.take("first_line", int),
                    cell.take("label", str, ""),
                )
            )
            cell.done()
        return cls(raw.take("filename", str), raw.take("exercise", str, "x"), tuple(cells))


@dataclass(frozen=True)
class Has(Request):
    """What kind of thing a top-level name is: 'missing', 'class', 'callable', 'value'."""

    op: ClassVar[str] = "has"
    name: str

    @classmethod
    def parse(cls, raw: _Fields) -> Has:
        return cls(raw.take("name", str))


@dataclass(frozen=True)
class Call(Request):
    """Call a top-level name (a str) or a handle; ``keep`` answers with a handle,
    ``trace`` also records the library operators the call dispatched to."""

    op: ClassVar[str] = "call"
    target: object
    args: tuple[object, ...] = ()
    kwargs: dict[str, object] = field(default_factory=dict)
    keep: bool = False
    trace: bool = False

    @classmethod
    def parse(cls, raw: _Fields) -> Call:
        return cls(
            raw.value("target"),
            _sequence(raw.value("args", ()), "call: 'args'"),
            raw.kwargs("kwargs"),
            raw.take("keep", bool, False),
            raw.take("trace", bool, False),
        )


@dataclass(frozen=True)
class GetAttr(Request):
    """An attribute of a handle's object."""

    op: ClassVar[str] = "getattr"
    target: object
    name: str
    keep: bool = False

    @classmethod
    def parse(cls, raw: _Fields) -> GetAttr:
        return cls(raw.value("target"), raw.take("name", str), raw.take("keep", bool, False))


@dataclass(frozen=True)
class GetItem(Request):
    """An item of a handle's object."""

    op: ClassVar[str] = "getitem"
    target: object
    key: object
    keep: bool = False

    @classmethod
    def parse(cls, raw: _Fields) -> GetItem:
        return cls(raw.value("target"), raw.value("key"), raw.take("keep", bool, False))


@dataclass(frozen=True)
class Fetch(Request):
    """A handle's object itself, as data."""

    op: ClassVar[str] = "fetch"
    target: object

    @classmethod
    def parse(cls, raw: _Fields) -> Fetch:
        return cls(raw.value("target"))


@dataclass(frozen=True)
class Release(Request):
    """Forget a handle."""

    op: ClassVar[str] = "release"
    id: int

    @classmethod
    def parse(cls, raw: _Fields) -> Release:
        return cls(raw.take("id", int))


@dataclass(frozen=True)
class Helper(Request):
    """Build a grader helper (``autograder.worker.helpers``) in the worker: a handle."""

    op: ClassVar[str] = "helper"
    name: str
    args: tuple[object, ...] = ()
    kwargs: dict[str, object] = field(default_factory=dict)

    @classmethod
    def parse(cls, raw: _Fields) -> Helper:
        return cls(
            raw.take("name", str),
            _sequence(raw.value("args", ()), "helper: 'args'"),
            raw.kwargs("kwargs"),
        )


@dataclass(frozen=True)
class Vjp(Request):
    """Call with the ``wrt`` arguments as leaves; the output and the vector-Jacobian
    products with ``cotangent`` (and the parameters of ``params_of``, a handle)."""

    op: ClassVar[str] = "vjp"
    target: object
    cotangent: object
    args: tuple[object, ...] = ()
    kwargs: dict[str, object] = field(default_factory=dict)
    wrt: tuple[int, ...] = (0,)
    params_of: object = None

    @classmethod
    def parse(cls, raw: _Fields) -> Vjp:
        wrt = _sequence(raw.value("wrt", (0,)), "vjp: 'wrt'")
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in wrt):
            raise ProtocolError("vjp: 'wrt' holds something that is not an argument index")
        return cls(
            raw.value("target"),
            raw.value("cotangent"),
            _sequence(raw.value("args", ()), "vjp: 'args'"),
            raw.kwargs("kwargs"),
            tuple(i for i in wrt if isinstance(i, int)),
            raw.value("params_of", None),
        )


WorkerRequest = Load | Has | Call | GetAttr | GetItem | Fetch | Release | Helper | Vjp

_PARSERS: dict[str, Callable[[_Fields], WorkerRequest]] = {
    "load": Load.parse,
    "has": Has.parse,
    "call": Call.parse,
    "getattr": GetAttr.parse,
    "getitem": GetItem.parse,
    "fetch": Fetch.parse,
    "release": Release.parse,
    "helper": Helper.parse,
    "vjp": Vjp.parse,
}


def parse_request(value: object) -> WorkerRequest:
    """The request a decoded message holds; anything else is a ProtocolError."""
    if not isinstance(value, dict) or not isinstance(value.get("op"), str):
        raise ProtocolError("a request is a dict with an 'op'")
    op = str(value["op"])
    parser = _PARSERS.get(op)
    if parser is None:
        raise ProtocolError(f"unknown operation {op[:100]!r}")
    raw = _Fields(f"a {op!r} request", {k: v for k, v in value.items() if k != "op"})
    request = parser(raw)
    raw.done()
    return request
