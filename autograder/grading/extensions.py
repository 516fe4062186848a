"""Per-student extensions from a CSV file an LMS exports or an instructor writes, and
each student's due date from them (``late.extended_due``, the one late rule's own).

The file: a header row, then one row per student. The student column is the first of
"Student ID", "SIS Login ID", "SIS User ID", "ID number", "Username", "Login ID",
"Student" or "ID" (any case) that is there; the extension column is one of
"New due date", "Due date", "Due", "Due at" (a date-time with its time zone) or
"Extension", "Days", "Extension days" (days or a duration such as "1 day 6 hours").
An optional "Assignment" column keeps only the rows of the assignment being graded.
Every bad cell is a ``ExtensionsError`` naming the line, the column and the fix.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from autograder.grading.autograded import read_timestamp
from autograder.grading.late import Extension, LatePolicy, extended_due, parse_extension

__all__ = ["ExtensionsError", "class_extensions", "folder_late_policy", "read_extensions_csv"]

STUDENT_COLUMNS = (
    "student id",
    "sis login id",
    "sis user id",
    "id number",
    "username",
    "login id",
    "student",
    "id",
)
DUE_COLUMNS = ("new due date", "due date", "due", "due at")
DAYS_COLUMNS = ("extension", "days", "extension days")
_MAX_BYTES = 5 * 1024 * 1024


class ExtensionsError(ValueError):
    """The extensions file is unreadable or has a bad row; the message says where."""


def _column(header: list[str], names: Iterable[str]) -> int | None:
    folded = [h.strip().lower() for h in header]
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def read_extensions_csv(path: Path, *, assignment: str | None = None) -> dict[str, Extension]:
    """Student id -> extension, from ``path``; rows of another assignment are skipped."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
    except OSError as error:
        raise ExtensionsError(
            f"{path}: cannot read the extensions file ({error.strerror})"
        ) from None
    if len(data) > _MAX_BYTES:
        raise ExtensionsError(
            f"{path}: larger than {_MAX_BYTES // 2**20} MiB; is it the right file?"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtensionsError(
            f"{path}: not UTF-8 text; export it from the LMS as CSV (UTF-8)"
        ) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ExtensionsError(f"{path}: not a CSV file the reader accepts ({error})") from None
    if not rows:
        raise ExtensionsError(f"{path}: empty; expected a header row, then one row a student")
    header = rows[0]
    student_at = _column(header, STUDENT_COLUMNS)
    due_at, days_at = _column(header, DUE_COLUMNS), _column(header, DAYS_COLUMNS)
    value_at = due_at if due_at is not None else days_at
    if student_at is None or value_at is None:
        raise ExtensionsError(
            f"{path}: the header {header[:8]} needs a student column (e.g. 'Student ID' or "
            "'SIS Login ID') and a 'New due date' or 'Extension' (days) column"
        )
    assignment_at = _column(header, ("assignment",))
    found: dict[str, Extension] = {}
    lines: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        if assignment is not None and assignment_at is not None:
            if cells[assignment_at].strip() not in ("", assignment):
                continue
        student, value = cells[student_at].strip(), cells[value_at].strip()
        where = f"{path}, line {number}"
        if not student:
            raise ExtensionsError(f"{where}: no student id in column {header[student_at]!r}")
        try:
            extension = parse_extension(value)
        except ValueError as error:
            raise ExtensionsError(f"{where}, column {header[value_at]!r}: {error}") from None
        if value_at == due_at and not isinstance(extension, datetime):
            raise ExtensionsError(
                f"{where}, column {header[value_at]!r}: {value!r} is not a date-time; write "
                "the new due date with its time zone, e.g. 2026-12-14T23:59:00+00:00"
            )
        if student in found:
            raise ExtensionsError(
                f"{where}: student {student!r} is also on line {lines[student]}; "
                "keep one row a student"
            )
        found[student], lines[student] = extension, number
    return found


def class_extensions(
    configured: Mapping[str, Extension],
    csv_path: Path | None,
    *,
    assignment: str | None,
    due: datetime | None,
) -> dict[str, Extension]:
    """The extensions of one graded class: course.yml's (``configured``), then the CSV's,
    which win for the students they name. A new due date must be after ``due``."""
    merged = dict(configured)
    if csv_path is not None:
        merged.update(read_extensions_csv(csv_path, assignment=assignment))
    for student, extension in merged.items():
        if due is not None and isinstance(extension, datetime) and extension <= due:
            raise ExtensionsError(
                f"extension of {student!r}: new due date {extension.isoformat()} is not after "
                f"the due date {due.isoformat()}; an extension moves the due date later"
            )
    return merged


def folder_late_policy(
    submissions: Path,
    students: Iterable[str],
    *,
    due: datetime | None,
    extensions: Mapping[str, Extension],
    per_day: float,
) -> LatePolicy:
    """The late rule's inputs for a plain folder of submissions: each student's due date
    (``due`` extended) and submission time (``<student>/timestamp.txt``, read safely as
    nbgrader's; none: on time)."""
    dues: dict[str, datetime] = {}
    submitted: dict[str, datetime] = {}
    for student in students:
        folder = submissions / student
        if (student_due := extended_due(due, extensions.get(student))) is not None:
            dues[student] = student_due
        if (stamp := read_timestamp(folder, root=folder)[0]) is not None:
            submitted[student] = stamp
    extended = frozenset(s for s in extensions if s in dues)
    return LatePolicy(per_day=per_day, due=dues, submitted=submitted, extended=extended)
