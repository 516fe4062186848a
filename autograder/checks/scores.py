"""The score table the self-check prints after its checks: what was run, what each
exercise is graded out of, and every notice the checks recorded."""

from __future__ import annotations

from autograder.checks.selfhost import SelfCheckHost
from autograder.course.model import CourseError, CoursePaths, Exercise
from autograder.grading.manual import free_text_points, points_label
from autograder.grading.results import CheckResult, RunResult

PUBLIC_RULE = [
    "Public checks carry no points: your grade comes from the hidden checks, on inputs",
    "you have not seen (many more shapes, dtypes and gradients); passing the public",
    "checks is necessary, not sufficient.",
]


def _graded_out_of(paths: CoursePaths, exercise: Exercise) -> str:
    """ "26", or "15 auto + 4 manual" where the stub has free-text answers graded by hand."""
    return points_label(exercise.points, free_text_points(paths.stub(exercise.id)))


def public_line(passed: int, counted: int, out_of: str) -> str:
    """What a public-only run says of one exercise: public checks carry no points (a
    submission could hard-code their shown answers), so it counts them, and says what
    the hidden checks grade it out of (``out_of``: "26", or "15 auto + 4 manual")."""
    line = f"{passed} of {counted} public checks pass"
    return line + (f"; graded out of {out_of}" if out_of else "")


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
        if hidden:
            line = (
                f"{score.earned:g}/{score.possible:g} points "
                f"({score.passed} passed, {score.failed} failed)"
            )
        else:
            counted = score.passed + score.failed
            line = public_line(score.passed, counted, out_of.get(exercise, ""))
        lines.append(f"{exercise:<20} {line}")
    if not hidden:
        lines += PUBLIC_RULE
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
