"""A request's reply: its value (:class:`Success`) or why it failed (:class:`Failure`)."""

from __future__ import annotations

from dataclasses import dataclass

from autograder.boundary.fields import Fields
from autograder.boundary.wire import ProtocolError


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


def _warnings(raw: Fields) -> tuple[str, ...]:
    notes = raw.take("warnings", list, [])
    return tuple(str(note) for note in notes)


def parse_reply(value: object) -> Reply:
    """The reply a decoded message holds; anything else is a ProtocolError."""
    if not isinstance(value, dict) or not isinstance(value.get("ok"), bool):
        raise ProtocolError("a reply is a dict with an 'ok'")
    raw = Fields("a reply", {k: v for k, v in value.items() if k != "ok"})
    reply: Reply
    if value["ok"]:
        seconds = raw.value("seconds", 0.0)
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            raise ProtocolError("a reply: 'seconds' is not a number")
        reply = Success(raw.value("value", None), _warnings(raw), float(seconds))
    else:
        error = Fields("a failure", raw.take("error", dict))
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
