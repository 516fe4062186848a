"""What graders hand back: per-student feedback, Gradescope and LMS gradebook files.

Everything is built from the engine's per-student results (``grading.StudentResult``):
messages are the checks' own, which name shapes, configurations and the likely mistake
but never show a hidden check's code or expected values; so feedback can go to students
as it is. HTML and Markdown come from templates (``autograder/templates``), escaped.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from autograder.grading import StudentResult

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("autograder", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _context(result: StudentResult, assignment: str | None) -> dict[str, Any]:
    exercises = []
    for exercise, score in result.exercises.items():
        checks = [
            {
                "name": check.id.split("::", 1)[-1],
                "visibility": check.visibility,
                "points": check.points,
                "earned": check.earned,
                "passed": check.passed,
                "message": check.message or check.outcome,
                "warnings": check.warnings,
            }
            for check in result.run.checks
            if check.exercise == exercise
        ]
        exercises.append(
            {
                "id": exercise,
                "earned": score.earned,
                "possible": score.possible,
                "note": result.notes.get(exercise, ""),
                "checks": checks,
            }
        )
    return {
        "student": result.student,
        "assignment": assignment,
        "score": result.score,
        "possible": result.possible,
        "graded_at": result.graded_at,
        "exercises": exercises,
        "public_seed": result.run.public_seed,
        "hidden_seed": result.run.hidden_seed,
    }


def write_feedback(
    results: Sequence[StudentResult], out: Path, *, assignment: str | None = None
) -> list[Path]:
    """``out/<student>.md`` and ``out/<student>.html`` for every student."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for result in results:
        context = _context(result, assignment)
        for suffix in ("md", "html"):
            path = out / f"{result.student}.{suffix}"
            path.write_text(_ENV.get_template(f"feedback.{suffix}.j2").render(context))
            written.append(path)
    return written


def gradescope_results(result: StudentResult) -> dict[str, Any]:
    """Gradescope's results.json: public checks visible at once, hidden ones after the
    due date (Gradescope's own ``after_due_date`` visibility)."""
    return {
        "score": result.score,
        "visibility": "visible",
        "output": "; ".join(f"{e}: {n}" for e, n in result.notes.items()),
        "tests": [
            {
                "name": f"{check.exercise}: {check.id.split('::', 1)[-1]}",
                "score": check.earned,
                "max_score": check.points,
                "status": "passed" if check.passed else "failed",
                "output": check.message,
                "visibility": "visible" if check.visibility == "public" else "after_due_date",
            }
            for check in result.run.checks
        ],
    }


def write_gradescope(results: Sequence[StudentResult], out: Path) -> list[Path]:
    """``out/<student>/results.json`` for every student."""
    written = []
    for result in results:
        path = out / result.student / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(gradescope_results(result), indent=1))
        written.append(path)
    return written


def write_lms_csv(
    by_assignment: Mapping[str, Sequence[StudentResult]], titles: Mapping[str, str], path: Path
) -> Path:
    """A Canvas-style gradebook import: one row per student, one column per assignment
    named "<title> (<id>)". The student's id goes in "SIS Login ID"; Canvas matches on it
    when "ID" is left empty."""
    students = sorted({r.student for results in by_assignment.values() for r in results})
    scores = {(a, r.student): r.score for a, results in by_assignment.items() for r in results}
    columns = [f"{titles.get(a, a)} ({a})" for a in by_assignment]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *columns])
        possible = [
            max((r.possible for r in results), default=0) for results in by_assignment.values()
        ]
        writer.writerow(["Points Possible", "", "", "", "", *[f"{p:g}" for p in possible]])
        for student in students:
            row = [scores.get((a, student)) for a in by_assignment]
            writer.writerow(
                [student, "", "", student, "", *["" if s is None else f"{s:g}" for s in row]]
            )
    return path


def write_all(
    results: Sequence[StudentResult], out: Path, *, assignment: str | None, title: str
) -> dict[str, Path]:
    """Feedback, Gradescope files and the LMS CSV of one graded class, under ``out``."""
    write_feedback(results, out / "feedback", assignment=assignment)
    write_gradescope(results, out / "gradescope")
    key = assignment or "grade"
    lms = write_lms_csv({key: results}, {key: title}, out / "lms-gradebook.csv")
    return {
        "feedback": out / "feedback",
        "gradescope": out / "gradescope",
        "lms": lms,
    }
