"""The one late-penalty rule, for every output.

``late_penalty`` is the only place a late score is computed: nbgrader's gradebook
(``gradebook.record_scores``, per notebook, as nbgrader's own late step does), the
feedback, Gradescope's results.json and the LMS CSV (``reports``, per submission) all
call it. The penalty is linear in the score, so the per-notebook penalties add up to
the submission's.

The rule: a submission is late by the *started* days past the due date (one second
late is one day); it loses ``per_day`` of its score per such day, at most all of it.
No due date or no submission time (a plain folder of files, a missing or unreadable
``timestamp.txt``): on time, as nbgrader treats it.

A student's due date may be extended (course.yml's ``extensions``, or a CSV from the
LMS: ``grading.extensions``): by a duration ("2 days") or to a new due date; the rule
then counts from the extended date (``extended_due``), as nbgrader's
``SubmittedAssignment.duedate`` includes its per-student ``extension``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

__all__ = [
    "Extension",
    "LatePolicy",
    "Lateness",
    "extended_due",
    "late_days",
    "late_penalty",
    "parse_extension",
    "utc",
]

# An extension: a duration added to the due date, or the student's new due date.
Extension = timedelta | datetime

_DAY_S = 86400.0


@dataclass(frozen=True)
class Lateness:
    """One score, before and after the late penalty."""

    raw: float
    days_late: int
    penalty: float
    final: float
    per_day: float = 0.0
    due: datetime | None = None
    submitted: datetime | None = None
    extended: bool = False  # ``due`` is the student's extended due date

    @property
    def late(self) -> bool:
        return self.days_late > 0

    def describe(self) -> str:
        """One line for a student: "57 - 11.4 (2 days late, 10% a day) = 45.6"."""
        if not self.late:
            return f"{self.final:g}"
        days = f"{self.days_late} day{'' if self.days_late == 1 else 's'} late"
        return (
            f"{self.raw:g} - {self.penalty:g} ({days}, {self.per_day * 100:g}% a day) "
            f"= {self.final:g}"
        )


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; naive ones (nbgrader stores those) already mean UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def late_days(seconds_late: float) -> int:
    """Started days past the due date (0 when on time)."""
    return 0 if seconds_late <= 0 else math.ceil(seconds_late / _DAY_S)


def late_penalty(
    raw: float,
    *,
    due: datetime | None,
    submitted: datetime | None,
    per_day: float,
    extended: bool = False,
) -> Lateness:
    """The late rule: ``raw`` score, due date, submission time and the fraction lost per
    started day (course.yml's ``grading.late_penalty_per_day``) -> the final score."""
    if not 0 <= per_day <= 1:
        raise ValueError(f"late penalty per day must be between 0 and 1, not {per_day}")
    if due is None or submitted is None:
        days = 0
    else:
        days = late_days((utc(submitted) - utc(due)).total_seconds())
    share = min(1.0, per_day * days)
    # Rounded so that sums and prints agree wherever the score is shown.
    penalty = round(raw * share, 4) if share > 0 else 0.0
    return Lateness(
        raw=raw,
        days_late=days,
        penalty=penalty,
        final=round(raw - penalty, 4),
        per_day=per_day,
        due=due,
        submitted=submitted,
        extended=extended,
    )


@dataclass(frozen=True)
class LatePolicy:
    """What the outputs need to apply the rule to a class: the fraction per day, each
    student's due date (nbgrader's, extensions included) and submission time (either
    absent: on time). ``gradebook.late_policy`` reads both from nbgrader's gradebook, so
    the outputs use exactly what ``record_scores`` used."""

    per_day: float = 0.0
    due: Mapping[str, datetime] = field(default_factory=dict)
    submitted: Mapping[str, datetime] = field(default_factory=dict)
    extended: frozenset[str] = frozenset()  # the students whose ``due`` is extended

    def apply(self, student: str, raw: float) -> Lateness:
        return late_penalty(
            raw,
            due=self.due.get(student),
            submitted=self.submitted.get(student),
            per_day=self.per_day,
            extended=student in self.extended,
        )


# -- extensions ----------------------------------------------------------------------
_UNITS = {"week": timedelta(weeks=1), "day": timedelta(days=1), "hour": timedelta(hours=1)}
_UNITS["minute"] = timedelta(minutes=1)
_LONGEST = timedelta(days=366)
_PIECE = re.compile(r"(\d{1,6}(?:\.\d{1,6})?)\s*([a-z]{1,12})")
_HOW = (
    'a number of days (2), a duration ("2 days", "1 day 6 hours") or a new due date '
    "with a time zone (2026-12-14T23:59:00+00:00)"
)


def _duration(text: str) -> timedelta | None:
    """ "2 days", "1 day, 6 hours", "36 hours" as a timedelta; None if not a duration."""
    pieces = list(_PIECE.finditer(text))
    rest = _PIECE.sub(" ", text).replace(",", " ").replace(" and ", " ").strip()
    if not pieces or rest:
        return None
    total = timedelta(0)
    for piece in pieces:
        unit = piece[2][:-1] if piece[2].endswith("s") else piece[2]
        if unit not in _UNITS:
            raise ValueError(
                f"unknown unit {piece[2]!r} in {text!r}; use weeks, days, hours or minutes"
            )
        total += float(piece[1]) * _UNITS[unit]
    return total


def parse_extension(value: object) -> Extension:
    """An extension as course.yml or an LMS's CSV gives it: a number of days, a duration
    or a new due date (aware). ValueError says what was wrong and what to write."""
    try:
        return _parse_extension(value)
    except OverflowError:
        raise ValueError(f"extension {value!r} is too long; give at most a year") from None


def _from_text(value: str) -> Extension:
    """ "3", "2 days", "1 day 6 hours" or an ISO date-time (still to be checked)."""
    text = value.strip().lower()
    if len(text) > 100 or not text:
        raise ValueError(f"not an extension: {value[:100]!r}; give {_HOW}")
    if text.startswith("-"):
        raise ValueError(f"negative extension {value!r}; an extension moves the due date later")
    try:
        return timedelta(days=float(text))
    except ValueError:
        pass
    duration = _duration(text)
    if duration is not None:
        return duration
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"not an extension: {value!r}; give {_HOW}") from None


def _parse_extension(value: object) -> Extension:
    given = value
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not an extension: {value!r}; give {_HOW}")
    if isinstance(value, int | float):
        value = timedelta(days=value)
    elif isinstance(value, str):
        value = _from_text(value)
    elif isinstance(value, date) and not isinstance(value, datetime):
        raise ValueError(f"{value} is a day without a time; give {_HOW}")
    if isinstance(value, timedelta):
        if value <= timedelta(0):
            raise ValueError(
                f"extension {given!r} is not positive; an extension moves the due date later"
            )
        if value > _LONGEST:
            raise OverflowError  # a typo, not an extension
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(
                f"new due date {value.isoformat()} needs a time zone, e.g. "
                f"{value.isoformat()}+00:00"
            )
        return value
    raise ValueError(f"not an extension: {value!r}; give {_HOW}")


def extended_due(due: datetime | None, extension: Extension | None) -> datetime | None:
    """The student's due date: ``due`` moved by a duration, or the new due date."""
    if extension is None:
        return due
    if isinstance(extension, datetime):
        return extension
    return None if due is None else due + extension
