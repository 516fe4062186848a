"""Scores an instructor set by hand on automatically graded cells (nbgrader's
formgrader writes ``Grade.manual_score``, and ``extra_credit``): kept by every regrade
(``gradebook.record_scores`` only writes ``auto_score``), read back from the gradebook
(``gradebook.read_overrides``) and counted in every total: feedback, results.json, the
LMS files, as ``nbgrader export`` counts them. The late rule then applies to the
overridden score, as nbgrader's per-notebook penalty does.

Free-text answers (cells nbgrader grades by hand only) are not overrides: their points
are named apart ("15 auto + 4 manual", ``manual.points_label``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Override", "Overrides", "overridden_score"]


@dataclass(frozen=True)
class Override:
    """One grade cell whose score a person changed: the engine's and the person's."""

    student: str
    exercise: str  # the notebook, named after its exercise
    cell: str  # nbgrader's grade id (``notebooks.grade_id_of``)
    auto: float  # the engine's score
    manual: float  # the score that counts: the person's, extra credit included
    max_score: float

    @property
    def change(self) -> float:
        return round(self.manual - self.auto, 4)

    def describe(self) -> str:
        """One line: "corr2d-h3: 0 -> 1.5 of 2 (set by hand)"."""
        return f"{self.cell}: {self.auto:g} -> {self.manual:g} of {self.max_score:g} (set by hand)"


# student -> the overridden cells of their submission
Overrides = Mapping[str, Sequence[Override]]


def overridden_score(
    score: float, overrides: Sequence[Override], *, exercise: str | None = None
) -> float:
    """``score`` (the engine's, of the submission or of one ``exercise``) with the
    overrides' changes counted in."""
    change = sum(o.change for o in overrides if exercise is None or o.exercise == exercise)
    return round(score + change, 4)
