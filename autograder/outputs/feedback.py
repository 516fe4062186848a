"""What graders hand back: per-student feedback, Gradescope and LMS gradebook files.

Everything is built from the engine's per-student results (``grading.StudentResult``):
messages are the checks' own, which name shapes, configurations and the likely mistake
but never show a hidden check's code or expected values; so feedback can go to students
as it is. HTML and Markdown come from templates (``autograder/templates``), escaped.

Two things every total says (issue 12): the late penalty, applied by the one rule in
``late.late_penalty`` (raw score, penalty and final wherever there is room; the final
score where there is one number), and the points graded by hand in nbgrader (free-text
answers, not in the engine's score): "15 auto + 4 manual".
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from autograder.grading.late import Lateness, LatePolicy, utc
from autograder.grading.manual import points_label
from autograder.grading.results import StudentResult

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("autograder.outputs", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _late_line(lateness: Lateness) -> str:
    """Why a score lost points, for a student: when it was due, how late, the rule."""
    if not lateness.late or lateness.due is None:
        return ""
    due = utc(lateness.due).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Late: handed in {lateness.days_late} started day(s) after the due date ({due}); "
        f"{lateness.per_day * 100:g}% of the score is taken off per started day: "
        f"{lateness.raw:g} - {lateness.penalty:g} = {lateness.final:g}."
    )


def _manual_line(manual: float) -> str:
    if manual <= 0:
        return ""
    return (
        f"{manual:g} more point(s) for free-text answers are graded by hand in nbgrader and "
        "are not in this score."
    )


def _context(
    result: StudentResult,
    assignment: str | None,
    late: LatePolicy,
    manual: Mapping[str, float],
) -> dict[str, Any]:
    lateness = late.apply(result.student, result.score)
    manual_total = sum(manual.get(e, 0.0) for e in result.exercises)
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
                "possible_label": points_label(score.possible, manual.get(exercise, 0.0)),
                "note": result.notes.get(exercise, ""),
                "checks": checks,
            }
        )
    return {
        "student": result.student,
        "assignment": assignment,
        "score": lateness.final,
        "raw": lateness.raw,
        "penalty": lateness.penalty,
        "late": _late_line(lateness),
        "possible": result.possible,
        "possible_label": points_label(result.possible, manual_total),
        "manual": _manual_line(manual_total),
        "graded_at": result.graded_at,
        "exercises": exercises,
        "public_seed": result.run.public_seed,
        "hidden_seed": result.run.hidden_seed,
    }


def write_feedback(
    results: Sequence[StudentResult],
    out: Path,
    *,
    assignment: str | None = None,
    late: LatePolicy | None = None,
    manual: Mapping[str, float] | None = None,
) -> list[Path]:
    """``out/<student>.md`` and ``out/<student>.html`` for every student; ``late``: the
    due date and submission times (default: all on time); ``manual``: each exercise's
    points graded by hand (``manual.manual_points``)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for result in results:
        context = _context(result, assignment, late or LatePolicy(), manual or {})
        for suffix in ("md", "html"):
            path = out / f"{result.student}.{suffix}"
            path.write_text(_ENV.get_template(f"feedback.{suffix}.j2").render(context))
            written.append(path)
    return written


def gradescope_results(
    result: StudentResult,
    *,
    late: LatePolicy | None = None,
    manual: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Gradescope's results.json: public checks visible at once, hidden ones after the
    due date (Gradescope's own ``after_due_date`` visibility). ``score`` is the final
    score (after any late penalty); the tests keep their raw points, and ``output``
    and ``extra_data`` say how the two differ."""
    late = late or LatePolicy()
    lateness = late.apply(result.student, result.score)
    manual_total = sum((manual or {}).get(e, 0.0) for e in result.exercises)
    lines = [_late_line(lateness), _manual_line(manual_total)]
    lines += [f"{e}: {n}" for e, n in result.notes.items()]
    return {
        "score": lateness.final,
        "visibility": "visible",
        "output": "\n".join(line for line in lines if line),
        "extra_data": {
            "raw_score": lateness.raw,
            "days_late": lateness.days_late,
            "late_penalty": lateness.penalty,
            "final_score": lateness.final,
            "points_possible": points_label(result.possible, manual_total),
        },
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


def write_gradescope(
    results: Sequence[StudentResult],
    out: Path,
    *,
    late: LatePolicy | None = None,
    manual: Mapping[str, float] | None = None,
) -> list[Path]:
    """``out/<student>/results.json`` for every student."""
    written = []
    for result in results:
        path = out / result.student / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = gradescope_results(result, late=late, manual=manual)
        path.write_text(json.dumps(data, indent=1))
        written.append(path)
    return written


def write_lms_csv(
    by_assignment: Mapping[str, Sequence[StudentResult]],
    titles: Mapping[str, str],
    path: Path,
    *,
    late: Mapping[str, LatePolicy] | None = None,
    manual: Mapping[str, float] | None = None,
) -> Path:
    """A Canvas-style gradebook import: one row per student, one column per assignment
    named "<title> (<id>)". The student's id goes in "SIS Login ID"; Canvas matches on it
    when "ID" is left empty. Scores are final (after ``late[assignment]``'s penalty).
    "Points Possible" stays a number (the automatic points, what the column carries);
    an assignment with ``manual[assignment]`` points graded by hand says so in its
    column's name: "<title> [15 auto + 4 manual] (<id>)"."""
    late = late or {}
    manual = manual or {}
    students = sorted({r.student for results in by_assignment.values() for r in results})
    scores = {
        (a, r.student): late.get(a, LatePolicy()).apply(r.student, r.score).final
        for a, results in by_assignment.items()
        for r in results
    }
    possible = [max((r.possible for r in results), default=0) for results in by_assignment.values()]
    columns = []
    for a, points in zip(by_assignment, possible, strict=True):
        extra = manual.get(a, 0.0)
        label = f" [{points_label(points, extra)}]" if extra > 0 else ""
        columns.append(f"{titles.get(a, a)}{label} ({a})")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *columns])
        writer.writerow(["Points Possible", "", "", "", "", *[f"{p:g}" for p in possible]])
        for student in students:
            row = [scores.get((a, student)) for a in by_assignment]
            writer.writerow(
                [student, "", "", student, "", *["" if s is None else f"{s:g}" for s in row]]
            )
    return path


def write_all(
    results: Sequence[StudentResult],
    out: Path,
    *,
    assignment: str | None,
    title: str,
    late: LatePolicy | None = None,
    manual: Mapping[str, float] | None = None,
) -> dict[str, Path]:
    """Feedback, Gradescope files and the LMS CSV of one graded class, under ``out``.

    ``late``: the assignment's due date, penalty and submission times (default: all on
    time); ``manual``: each exercise's points graded by hand (``manual.manual_points``).
    """
    late = late or LatePolicy()
    manual = manual or {}
    write_feedback(results, out / "feedback", assignment=assignment, late=late, manual=manual)
    write_gradescope(results, out / "gradescope", late=late, manual=manual)
    key = assignment or "grade"
    graded = {e for r in results for e in r.exercises}
    lms = write_lms_csv(
        {key: results},
        {key: title},
        out / "lms-gradebook.csv",
        late={key: late},
        manual={key: sum(manual.get(e, 0.0) for e in graded)},
    )
    return {
        "feedback": out / "feedback",
        "gradescope": out / "gradescope",
        "lms": lms,
    }
