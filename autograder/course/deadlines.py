"""course.yml's ``extensions``: per-student due dates, checked against the assignments.

    extensions:
      conv1:
        alice: 2 days                      # or 2, "1 day 6 hours", "36 hours"
        "12345": 2026-12-14T23:59:00+00:00 # or a new due date, with its time zone

The value is parsed by ``late.parse_extension`` (the one late rule's own module); the
assignment must exist and have a due date, and a new due date must be after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Protocol

from pydantic import BeforeValidator

from autograder.grading.late import Extension, parse_extension

# "2 days", 2 (days), "1 day 6 hours" or a new due date with a time zone.
ExtensionValue = Annotated[Extension, BeforeValidator(parse_extension)]


class _Assignment(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def due(self) -> dt.datetime | None: ...


def ids_as_text(value: Any) -> Any:
    """Numeric student ids (SIS numbers, ``12345: 2 days`` in YAML) are ids, not numbers."""
    if not isinstance(value, dict):
        return value
    return {
        str(assignment): (
            {str(student): ext for student, ext in per.items()} if isinstance(per, dict) else per
        )
        for assignment, per in value.items()
    }


def check_extensions(
    extensions: Mapping[str, Mapping[str, Extension]], assignments: Iterable[_Assignment]
) -> None:
    """ValueError, naming the key, for an extension of an unknown assignment, of one
    without a due date, or to a new due date that is not later."""
    due = {assignment.id: assignment.due for assignment in assignments}
    for assignment_id, students in extensions.items():
        if assignment_id not in due:
            raise ValueError(
                f"extensions.{assignment_id}: no assignment {assignment_id!r}; "
                f"known: {', '.join(due) or 'none'}"
            )
        original = due[assignment_id]
        if original is None:
            raise ValueError(
                f"extensions.{assignment_id}: the assignment has no due date to extend; "
                "give it `due:` under assignments, or remove its extensions"
            )
        for student, extension in students.items():
            if isinstance(extension, dt.datetime) and extension <= original:
                raise ValueError(
                    f"extensions.{assignment_id}.{student}: new due date "
                    f"{extension.isoformat()} is not after the assignment's due date "
                    f"{original.isoformat()}; an extension moves the due date later"
                )
