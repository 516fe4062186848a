"""A failed check's message as the student reads it: the check's own words (never the
check's source, which pytest's assertion rewriting would append), capped in length."""

from __future__ import annotations

import pytest

from autograder.boundary.submission import StudentCodeError

MAX_MESSAGE = 1500


def short_message(excinfo: pytest.ExceptionInfo[BaseException] | None) -> str:
    if excinfo is None:
        return ""
    error = excinfo.value
    if isinstance(error, StudentCodeError):
        text = str(error)
    elif isinstance(error, AssertionError):
        text = str(error)
        # pytest's rewriting appends the assert statement: never show check source.
        text = text.split("\nassert ", 1)[0]
    elif isinstance(error, pytest.skip.Exception):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}"
    text = text.strip()
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " ...[cut]"
