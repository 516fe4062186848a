"""Points graded by hand: free-text answer cells, which nbgrader counts and course.yml
does not (its points are the automatic checks'). Every total shown says both, e.g.
"15 auto + 4 manual", so the quiz is not "worth 15" in one place and 19 in another."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from autograder.course.model import CoursePaths

__all__ = ["FREE_TEXT", "free_text_points", "manual_points", "points_label"]

# A markdown cell holding this comment becomes a free-text answer cell, graded by hand in
# nbgrader (its points are not in course.yml, which counts the automatic checks only).
FREE_TEXT = re.compile(r"<!--\s*free-text:\s*(?P<id>[\w-]+),\s*(?P<points>[\d.]+)\s*points?\s*-->")


def free_text_points(path: Path) -> float:
    """The free-text points marked in a percent-format source or stub (0 if unreadable)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0.0
    return sum(float(found["points"]) for found in FREE_TEXT.finditer(text))


def manual_points(paths: CoursePaths, exercises: Iterable[str]) -> dict[str, float]:
    """Each exercise's free-text points: the ``<!-- free-text: ID, N points -->`` markers
    of ``solutions/<id>.py``, as the nbgrader source notebook is built from them."""
    return {exercise: free_text_points(paths.solution(exercise)) for exercise in exercises}


def points_label(auto: float, manual: float = 0.0) -> str:
    """How a total is shown: "15" or, with free-text answers graded by hand,
    "15 auto + 4 manual"."""
    return f"{auto:g}" if manual <= 0 else f"{auto:g} auto + {manual:g} manual"
