"""Reading a decoded message's fields with their types checked (ProtocolError if not)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from autograder.boundary.wire import ProtocolError

_T = TypeVar("_T")


class Fields:
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


def sequence(value: object, what: str) -> tuple[object, ...]:
    if not isinstance(value, tuple | list):
        raise ProtocolError(f"{what} is a {type(value).__name__}, not a sequence")
    return tuple(value)
