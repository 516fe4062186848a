"""What graders hand back: per-student feedback, Gradescope files, and the LMS files
(``lms``: Canvas and Moodle).

Everything is built from the engine's per-student results (``grading.StudentResult``):
messages are the checks' own, which name shapes, configurations and the likely mistake
but never show a hidden check's code or expected values; so feedback can go to students
as it is. HTML and Markdown come from templates (``autograder/templates``), escaped.

Two things every total says (issue 12): the late penalty, applied by the one rule in
``late.late_penalty`` (raw score, penalty and final wherever there is room; the final
score where there is one number), and the points graded by hand in nbgrader (free-text
answers, not in the engine's score): "15 auto + 4 manual". A score a person set by hand
on an automatically graded cell (``overrides.Override``, from nbgrader's gradebook) is
counted in every total, and the feedback names the cell, the old and the new score.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from autograder.grading.late import Lateness, LatePolicy, utc
from autograder.grading.manual import points_label
from autograder.grading.overrides import Override, Overrides, overridden_score
from autograder.grading.results import StudentResult
from autograder.outputs.lms import LMS_FORMATS, write_lms

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
    if lateness.extended:
        due += ", your extended due date"
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


def _overrides_line(overrides: Sequence[Override]) -> str:
    if not overrides:
        return ""
    return "Scored by hand by your instructor: " + "; ".join(o.describe() for o in overrides) + "."


def _context(
    result: StudentResult,
    assignment: str | None,
    late: LatePolicy,
    manual: Mapping[str, float],
    overrides: Sequence[Override] = (),
) -> dict[str, Any]:
    lateness = late.apply(result.student, overridden_score(result.score, overrides))
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
                "earned": overridden_score(score.earned, overrides, exercise=exercise),
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
        "overrides": _overrides_line(overrides),
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
    overrides: Overrides | None = None,
) -> list[Path]:
    """``out/<student>.md`` and ``out/<student>.html`` for every student; ``late``: the
    due date and submission times (default: all on time); ``manual``: each exercise's
    points graded by hand (``manual.manual_points``); ``overrides``: scores set by hand
    (``gradebook.read_overrides``)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for result in results:
        mine = (overrides or {}).get(result.student, ())
        context = _context(result, assignment, late or LatePolicy(), manual or {}, mine)
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
    overrides: Sequence[Override] = (),
) -> dict[str, Any]:
    """Gradescope's results.json: public checks visible at once, hidden ones after the
    due date (Gradescope's own ``after_due_date`` visibility). ``score`` is the final
    score (after any late penalty); the tests keep their raw points, and ``output``
    and ``extra_data`` say how the two differ."""
    late = late or LatePolicy()
    lateness = late.apply(result.student, overridden_score(result.score, overrides))
    manual_total = sum((manual or {}).get(e, 0.0) for e in result.exercises)
    lines = [_late_line(lateness), _manual_line(manual_total), _overrides_line(overrides)]
    lines += [f"{e}: {n}" for e, n in result.notes.items()]
    return {
        "score": lateness.final,
        "visibility": "visible",
        "output": "\n".join(line for line in lines if line),
        "extra_data": {
            "raw_score": lateness.raw,
            "overridden_cells": [o.cell for o in overrides],
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
    overrides: Overrides | None = None,
) -> list[Path]:
    """``out/<student>/results.json`` for every student."""
    written = []
    for result in results:
        path = out / result.student / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        mine = (overrides or {}).get(result.student, ())
        data = gradescope_results(result, late=late, manual=manual, overrides=mine)
        path.write_text(json.dumps(data, indent=1))
        written.append(path)
    return written


def write_all(
    results: Sequence[StudentResult],
    out: Path,
    *,
    assignment: str | None,
    title: str,
    late: LatePolicy | None = None,
    manual: Mapping[str, float] | None = None,
    overrides: Overrides | None = None,
    lms: Sequence[str] = LMS_FORMATS,
) -> dict[str, Path]:
    """Feedback, Gradescope files and the LMS files (``lms``: "canvas", "moodle") of one
    graded class, under ``out``; "lms" names the Canvas file (else Moodle's).

    ``late``: the assignment's due dates, penalty and submission times (default: all on
    time); ``manual``: each exercise's points graded by hand (``manual.manual_points``);
    ``overrides``: each student's scores set by hand (``gradebook.read_overrides``).
    """
    late = late or LatePolicy()
    manual = manual or {}
    overrides = overrides or {}
    write_feedback(
        results,
        out / "feedback",
        assignment=assignment,
        late=late,
        manual=manual,
        overrides=overrides,
    )
    write_gradescope(results, out / "gradescope", late=late, manual=manual, overrides=overrides)
    key = assignment or "grade"
    graded = {e for r in results for e in r.exercises}
    files = write_lms(
        {key: results},
        {key: title},
        out,
        formats=lms,
        late={key: late},
        overrides={key: overrides},
        manual={key: sum(manual.get(e, 0.0) for e in graded)},
    )
    exports = {"feedback": out / "feedback", "gradescope": out / "gradescope", **files}
    if files:
        exports["lms"] = files.get("lms-canvas", files.get("lms-moodle", out))
    return exports
