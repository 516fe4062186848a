"""The ``autograder`` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from autograder.course import Course, CourseError, CoursePaths
from autograder.coursecheck import check_course
from autograder.markers import MarkerError
from autograder.stubs import check_stubs, write_stubs
from autograder.verify import ExerciseVerification, VariantError, run_checks, verify_exercise

console = Console()


def _course(course_file: str | None) -> tuple[CoursePaths, Course]:
    paths = CoursePaths(Path(course_file).resolve().parent) if course_file else CoursePaths.find()
    return paths, paths.load()


def _fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    sys.exit(1)


course_option = click.option(
    "--course",
    "course_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="course.yml to use (default: found at or above the current directory).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="conv-autograder")
def main() -> None:
    """Build, check and grade the 2-D convolution unit."""


@main.command()
@course_option
def check(course_file: str | None) -> None:
    """Validate course.yml, the four files of every exercise, markers and points."""
    try:
        paths, course = _course(course_file)
        problems = check_course(paths, course)
    except (CourseError, MarkerError) as error:
        _fail(str(error))
        return
    for problem in problems:
        console.print(f"[red]x[/] {problem}", highlight=False)
    if problems:
        _fail(f"{len(problems)} problem(s) in the course")
    total = sum(e.points for e in course.exercises)
    console.print(
        f"[green]ok[/] {course.course_id}: {len(course.exercises)} exercise(s), "
        f"{total} points, {len(course.assignments)} assignment(s)"
    )


@main.command()
@click.argument("exercise_ids", nargs=-1)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; fail if a committed stub differs from what would be generated.",
)
@course_option
def stubs(exercise_ids: tuple[str, ...], check_only: bool, course_file: str | None) -> None:
    """Generate exercises/<id>.py from solutions/<id>.py (all exercises, or those named)."""
    try:
        paths, course = _course(course_file)
        if check_only:
            drifts = check_stubs(paths, course)
            for drift in drifts:
                console.print(
                    f"[red]x[/] {drift.path.relative_to(paths.root)} {drift.reason}",
                    highlight=False,
                )
            if drifts:
                _fail(f"{len(drifts)} stub(s) out of date")
            console.print(f"[green]ok[/] {len(course.exercises)} stub(s) match their solutions")
            return
        changed = write_stubs(paths, course, list(exercise_ids) or None)
    except (CourseError, MarkerError) as error:
        _fail(str(error))
        return
    for path in changed:
        console.print(f"wrote {path.relative_to(paths.root)}")
    console.print(f"[green]ok[/] {len(changed)} stub(s) changed")


@main.command()
@click.argument("exercise_ids", nargs=-1)
@click.option(
    "--impl",
    default="exercises",
    show_default=True,
    help="'solutions', 'exercises', or a submission file or directory.",
)
@click.option(
    "--hidden/--public-only", default=False, help="Also run the hidden checks (instructors)."
)
@click.option("--seed", type=int, default=None, help="Seed for random inputs.")
@course_option
def selfcheck(
    exercise_ids: tuple[str, ...],
    impl: str,
    hidden: bool,
    seed: int | None,
    course_file: str | None,
) -> None:
    """Run the checks against one implementation and print a score table."""
    try:
        paths, course = _course(course_file)
        ids = list(exercise_ids) or course.exercise_ids
        for exercise_id in ids:
            course.exercise(exercise_id)
    except CourseError as error:
        _fail(str(error))
        return
    run = run_checks(paths, ids, impl=impl, seed=seed, hidden=hidden)
    table = Table(title=f"Checks against {impl}")
    for column in ("exercise", "score", "passed", "failed"):
        table.add_column(column)
    for exercise_id, score in run.by_exercise().items():
        table.add_row(
            exercise_id,
            f"{score.earned:g}/{score.possible:g}",
            str(score.passed),
            str(score.failed),
        )
    console.print(table)
    for result in run.checks:
        if not result.passed:
            console.print(
                f"[red]x[/] {result.id.split('::')[-1]}: {result.message}", highlight=False
            )


def _verification_table(results: list[ExerciseVerification]) -> Table:
    table = Table(title="Checks of the checks")
    for column in (
        "exercise",
        "reference",
        "stub",
        "mutants caught",
        "alternatives pass",
        "rules caught",
        "hidden checks on reference",
    ):
        table.add_column(column)
    for found in results:
        mutants = [v for v in found.verdicts if v.variant.kind == "mutant"]
        alternatives = [v for v in found.verdicts if v.variant.kind == "alternative"]
        mark = {True: "[green]", False: "[red]"}
        table.add_row(
            found.exercise,
            f"{mark[found.reference_ok]}{found.reference.score:g}/{found.reference.max_score:g}",
            f"{mark[found.stub_ok]}{found.stub.score:g}/{found.stub.max_score:g}",
            f"{mark[all(v.ok for v in mutants)]}{sum(v.ok for v in mutants)}/{len(mutants)}",
            f"{mark[all(v.ok for v in alternatives)]}"
            f"{sum(v.ok for v in alternatives)}/{len(alternatives)}",
            f"{mark[found.coverage.complete]}{found.coverage.caught}/{found.coverage.rules}",
            f"{found.hidden_seconds():.2f} s",
        )
    return table


def _verify(paths: CoursePaths, ids: list[str]) -> bool:
    results = []
    for exercise_id in ids:
        with console.status(f"checking the checks of {exercise_id} ..."):
            results.append(verify_exercise(paths, exercise_id))
    console.print(_verification_table(results))
    for found in results:
        console.print(f"rule coverage of {found.exercise}: {found.coverage.describe()}")
        for problem in found.coverage.problems:
            console.print(f"[red]x[/] {found.exercise} {problem}", highlight=False)
        for verdict in found.verdicts:
            if not verdict.ok:
                console.print(
                    f"[red]x[/] {found.exercise} {verdict.variant.kind} "
                    f"{verdict.variant.name}: {verdict.detail}",
                    highlight=False,
                )
    return all(found.ok for found in results)


@main.command()
@click.argument("exercise_ids", nargs=-1)
@course_option
def verify(exercise_ids: tuple[str, ...], course_file: str | None) -> None:
    """Checks of the checks: reference full marks, stub zero, mutants caught, alternatives pass."""
    try:
        paths, course = _course(course_file)
        ok = _verify(paths, list(exercise_ids) or course.exercise_ids)
    except (CourseError, VariantError) as error:
        _fail(str(error))
        return
    if not ok:
        _fail("some checks do not do their job (see above)")


# The class-wide commands (build, bundle, grade, quiz, demo) live in their own module.
from autograder import cli_grading  # noqa: E402, F401
