"""Grade files an LMS imports: Canvas's gradebook CSV and Moodle's "Import grades from
CSV". One row per student, one column per assignment, each score final: the engine's
score with any score set by hand in nbgrader (``overrides``), then the late rule
(``late.late_penalty``, the student's extension included).

- Canvas (Grades > Import): columns "Student", "ID", "SIS User ID", "SIS Login ID",
  "Section", then one per assignment named "<title> (<id>)", and a second row
  "Points Possible". The student's id goes in "Student" and "SIS Login ID"; Canvas
  matches on it when "ID" is empty.
- Moodle (Grade administration > Import > CSV file): a header row, then one row per
  student; no points row (a grade item has its own maximum). "Username" and
  "ID number" both carry the student's id: map one of them ("Map from") to the user
  field it is ("Map to": username or useridnumber), and each "<title> (<id>)" column
  to its grade item (or a new one).

Student ids are the student's own folder names: a cell that a spreadsheet would run as a
formula (starting with =, +, -, @, tab or carriage return) is written with a leading
``'`` (OWASP's advice on CSV injection); commas, quotes and newlines are quoted by the
csv module.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from autograder.grading.late import LatePolicy
from autograder.grading.manual import points_label
from autograder.grading.overrides import Overrides, overridden_score
from autograder.grading.results import StudentResult

__all__ = [
    "CANVAS_COLUMNS",
    "LMS_FORMATS",
    "MOODLE_COLUMNS",
    "final_scores",
    "safe_cell",
    "write_canvas_csv",
    "write_lms",
    "write_moodle_csv",
]

LMS_FORMATS = ("canvas", "moodle")
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_COLUMNS = ("Username", "ID number")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")

ByAssignment = Mapping[str, Sequence[StudentResult]]


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never runs it: "=cmd|..." -> "'=cmd|..."."""
    return "'" + text if text.startswith(_FORMULA) else text


def final_scores(
    by_assignment: ByAssignment,
    *,
    late: Mapping[str, LatePolicy] | None = None,
    overrides: Mapping[str, Overrides] | None = None,
) -> dict[tuple[str, str], float]:
    """(assignment, student) -> the score an LMS gets: overrides in, then the late rule."""
    late, overrides = late or {}, overrides or {}
    scores = {}
    for assignment, results in by_assignment.items():
        policy, changed = late.get(assignment, LatePolicy()), overrides.get(assignment, {})
        for result in results:
            raw = overridden_score(result.score, changed.get(result.student, ()))
            scores[(assignment, result.student)] = policy.apply(result.student, raw).final
    return scores


def _students(by_assignment: ByAssignment) -> list[str]:
    return sorted({r.student for results in by_assignment.values() for r in results})


def _possible(by_assignment: ByAssignment) -> list[float]:
    return [max((r.possible for r in results), default=0) for results in by_assignment.values()]


def _columns(
    by_assignment: ByAssignment, titles: Mapping[str, str], manual: Mapping[str, float]
) -> list[str]:
    """ "<title> (<id>)"; with points graded by hand: "<title> [15 auto + 4 manual] (<id>)"."""
    columns = []
    for assignment, points in zip(by_assignment, _possible(by_assignment), strict=True):
        extra = manual.get(assignment, 0.0)
        label = f" [{points_label(points, extra)}]" if extra > 0 else ""
        columns.append(safe_cell(f"{titles.get(assignment, assignment)}{label} ({assignment})"))
    return columns


def _score_cells(
    by_assignment: ByAssignment, scores: Mapping[tuple[str, str], float], student: str
) -> list[str]:
    found = [scores.get((a, student)) for a in by_assignment]
    return ["" if s is None else f"{s:g}" for s in found]


def write_canvas_csv(
    by_assignment: ByAssignment,
    titles: Mapping[str, str],
    path: Path,
    *,
    scores: Mapping[tuple[str, str], float],
    manual: Mapping[str, float] | None = None,
) -> Path:
    """Canvas's gradebook import; "Points Possible" stays a number (the automatic points,
    what the column carries), the points graded by hand are named in the column."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*CANVAS_COLUMNS, *_columns(by_assignment, titles, manual or {})])
        points = [f"{p:g}" for p in _possible(by_assignment)]
        writer.writerow(["Points Possible", "", "", "", "", *points])
        for student in _students(by_assignment):
            cell = safe_cell(student)
            row = [cell, "", "", cell, "", *_score_cells(by_assignment, scores, student)]
            writer.writerow(row)
    return path


def write_moodle_csv(
    by_assignment: ByAssignment,
    titles: Mapping[str, str],
    path: Path,
    *,
    scores: Mapping[tuple[str, str], float],
    manual: Mapping[str, float] | None = None,
) -> Path:
    """Moodle's "Import grades from CSV": identifier columns, then a grade per item."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*MOODLE_COLUMNS, *_columns(by_assignment, titles, manual or {})])
        for student in _students(by_assignment):
            cell = safe_cell(student)
            writer.writerow([cell, cell, *_score_cells(by_assignment, scores, student)])
    return path


def write_lms(
    by_assignment: ByAssignment,
    titles: Mapping[str, str],
    out: Path,
    *,
    formats: Sequence[str] = LMS_FORMATS,
    late: Mapping[str, LatePolicy] | None = None,
    overrides: Mapping[str, Overrides] | None = None,
    manual: Mapping[str, float] | None = None,
) -> dict[str, Path]:
    """``out/lms-canvas.csv`` and/or ``out/lms-moodle.csv``; keys "lms-canvas",
    "lms-moodle"."""
    unknown = [f for f in formats if f not in LMS_FORMATS]
    if unknown:
        raise ValueError(f"unknown LMS format(s) {unknown}; choose from {list(LMS_FORMATS)}")
    scores = final_scores(by_assignment, late=late, overrides=overrides)
    writers = {"canvas": write_canvas_csv, "moodle": write_moodle_csv}
    return {
        f"lms-{name}": writers[name](
            by_assignment, titles, out / f"lms-{name}.csv", scores=scores, manual=manual
        )
        for name in LMS_FORMATS
        if name in formats
    }
