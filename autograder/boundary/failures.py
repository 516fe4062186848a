"""A failed reply turned into the exception a check sees, written for the student."""

from __future__ import annotations

import builtins
from functools import cache

from autograder.boundary.messages import Failure


class StudentCodeError(Exception):
    """The student's code failed; the message is written for the student."""

    def __init__(self, message: str, *, kind: str, function: str, remote_type: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.function = function
        self.remote_type = remote_type


_MIRRORED: dict[str, type[BaseException]] = {
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


def describe_failure(function: str, failure: Failure, load_note: str) -> StudentCodeError:
    """The exception for ``failure`` of a request about ``function``."""
    kind, message, remote_type = failure.kind, failure.message, failure.type
    if kind == "exception":
        where = f" ({failure.where})" if failure.where else ""
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
