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
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

__all__ = ["LatePolicy", "Lateness", "late_days", "late_penalty", "utc"]

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
    raw: float, *, due: datetime | None, submitted: datetime | None, per_day: float
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

    def apply(self, student: str, raw: float) -> Lateness:
        return late_penalty(
            raw,
            due=self.due.get(student),
            submitted=self.submitted.get(student),
            per_day=self.per_day,
        )
