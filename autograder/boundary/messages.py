"""The protocol's messages, one dataclass per operation, and their replies.

A message crosses as ``{"op": <name>, <field>: <value>, ...}`` through the data encoder
of :mod:`autograder.boundary.wire`; :func:`parse_request` and :func:`parse_reply` turn a
decoded value back into its message, refusing an unknown operation, a missing or
unexpected field, or a field of the wrong type with :class:`ProtocolError`. Fields that
carry student values (``args``, ``target``, ...) are any data the encoder accepts, or
handles; the rest are checked here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import ClassVar, TypeVar

from autograder.boundary.loader import Cell
from autograder.boundary.wire import ProtocolError

_T = TypeVar("_T")


class _Fields:
    """A decoded message's fields, taken one by one with their types checked."""

    def __init__(self, what: str, raw: Mapping[object, object]) -> None:
        self.what = what
        self.raw = dict(raw)

    def take(self, name: str, kind: type[_T], default: _T | None = None) -> _T:
        if name not in self.raw:
            if default is None:
                raise ProtocolError(f"{self.what} lacks its {name!r} field")
            return default
        value = self.raw.pop(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ProtocolError(
                f"{self.what}: {name!r} is a {type(value).__name__}, not a {kind.__name__}"
            )
        return value

    def value(self, name: str, default: object = ...) -> object:
        """A field that carries student data: any decoded value."""
        if name not in self.raw:
            if default is ...:
                raise ProtocolError(f"{self.what} lacks its {name!r} field")
            return default
        return self.raw.pop(name)

    def kwargs(self, name: str) -> dict[str, object]:
        value = self.take(name, dict, {})
        if not all(isinstance(key, str) for key in value):
            raise ProtocolError(f"{self.what}: {name!r} has a key that is not a string")
        return {str(key): item for key, item in value.items()}

    def done(self) -> None:
        if self.raw:
            names = ", ".join(repr(name) for name in list(self.raw)[:5])
            raise ProtocolError(f"{self.what} has unexpected fields: {names}")


def _sequence(value: object, what: str) -> tuple[object, ...]:
    if not isinstance(value, tuple | list):
        raise ProtocolError(f"{what} is a {type(value).__name__}, not a sequence")
    return tuple(value)


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


# -- replies ---------------------------------------------------------------------
@dataclass(frozen=True)
class Success:
    """A request's value (data, with handles for what is not data)."""

    value: object
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0

    def to_wire(self) -> dict[str, object]:
        return {
            "ok": True,
            "value": self.value,
            "warnings": list(self.warnings),
            "seconds": self.seconds,
        }


@dataclass(frozen=True)
class Failure:
    """Why a request failed: ``kind`` (exception, missing, timeout, exit, memory,
    protocol, ...), a message, and for an exception its type and where it was raised."""

    kind: str
    message: str
    warnings: tuple[str, ...] = ()
    type: str = ""
    where: str = ""
    clock: str = ""

    def to_wire(self) -> dict[str, object]:
        error = {"kind": self.kind, "message": self.message}
        error |= {k: v for k, v in (("type", self.type), ("where", self.where)) if v}
        error |= {"clock": self.clock} if self.clock else {}
        return {"ok": False, "error": error, "warnings": list(self.warnings)}


Reply = Success | Failure


def _warnings(raw: _Fields) -> tuple[str, ...]:
    notes = raw.take("warnings", list, [])
    return tuple(str(note) for note in notes)


def parse_reply(value: object) -> Reply:
    """The reply a decoded message holds; anything else is a ProtocolError."""
    if not isinstance(value, dict) or not isinstance(value.get("ok"), bool):
        raise ProtocolError("a reply is a dict with an 'ok'")
    raw = _Fields("a reply", {k: v for k, v in value.items() if k != "ok"})
    reply: Reply
    if value["ok"]:
        seconds = raw.value("seconds", 0.0)
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            raise ProtocolError("a reply: 'seconds' is not a number")
        reply = Success(raw.value("value", None), _warnings(raw), float(seconds))
    else:
        error = _Fields("a failure", raw.take("error", dict))
        warnings = _warnings(raw)
        reply = Failure(
            error.take("kind", str),
            error.take("message", str),
            warnings,
            error.take("type", str, ""),
            error.take("where", str, ""),
            error.take("clock", str, ""),
        )
        error.done()
    raw.done()
    return reply
