"""The score table the self-check prints after its checks: what was run, what each
exercise is graded out of, and every notice the checks recorded."""

from __future__ import annotations

from autograder.checks.selfhost import SelfCheckHost
from autograder.course.model import CourseError, CoursePaths, Exercise
from autograder.grading.manual import free_text_points, points_label
from autograder.grading.results import CheckResult, RunResult


def _graded_out_of(paths: CoursePaths, exercise: Exercise) -> str:
    """ "26", or "15 auto + 4 manual" where the stub has free-text answers graded by hand."""
    return points_label(exercise.points, free_text_points(paths.stub(exercise.id)))


def score_lines(state: SelfCheckHost, graded: list[CheckResult]) -> list[str]:
    """The score table: what was run (public checks only, or also hidden ones), what each
    exercise is graded out of, and every notice the checks recorded."""
    run = RunResult(
        impl=state.impl_option,
        public_seed=state.public_seed,
        hidden_seed=state.hidden_seed,
        checks=graded,
    )
    hidden = any(c.visibility == "hidden" for c in graded)
    lines = ["= score" + ("" if hidden else ": public checks only")]
    try:
        paths, course = state.course()
        out_of = {e.id: _graded_out_of(paths, e) for e in course.exercises}
    except CourseError:
        out_of = {}
    for exercise, score in run.by_exercise().items():
        line = (
            f"{exercise:<20} {score.earned:g}/{score.possible:g} "
            f"{'points' if hidden else 'public points'} "
            f"({score.passed} passed, {score.failed} failed)"
        )
        if not hidden and exercise in out_of:
            line += f"; graded out of {out_of[exercise]}"
        lines.append(line)
    if not hidden:
        lines.append(
            "Grading also runs hidden checks on many more shapes, dtypes and gradients; "
            "passing the public ones is necessary, not sufficient."
        )
    notes = dict.fromkeys(f"{c.exercise}: {w}" for c in graded for w in c.warnings)
    if notes:
        lines.append(f"notes ({len(notes)}):")
        lines += [f"  {note}" for note in list(notes)[:10]]
    seeds = f"public seed {state.public_seed}" + (
        f", hidden seed {state.hidden_seed}" if hidden else ""
    )
    label = state.config.getoption("impl_label") or state.impl_option
    lines.append(f"implementation: {label}; {seeds}")
    return lines
