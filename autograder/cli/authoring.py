"""The authoring commands: ``check``, ``stubs``, ``selfcheck`` and ``verify``."""

from __future__ import annotations

import click
from rich.table import Table

from autograder.cli.common import console, course_option, fail, load_course
from autograder.course.check import check_course
from autograder.course.markers import MarkerError
from autograder.course.model import CourseError, CoursePaths
from autograder.course.stubs import check_stubs, write_stubs
from autograder.course.verify import ExerciseVerification, VariantError, run_checks, verify_exercise


@click.command()
@course_option
def check(course_file: str | None) -> None:
    """Validate course.yml, the four files of every exercise, markers and points."""
    try:
        paths, course = load_course(course_file)
        problems = check_course(paths, course)
    except (CourseError, MarkerError) as error:
        fail(str(error))
        return
    for problem in problems:
        console.print(f"[red]x[/] {problem}", highlight=False)
    if problems:
        fail(f"{len(problems)} problem(s) in the course")
    total = sum(e.points for e in course.exercises)
    console.print(
        f"[green]ok[/] {course.course_id}: {len(course.exercises)} exercise(s), "
        f"{total} points, {len(course.assignments)} assignment(s)"
    )


@click.command()
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
        paths, course = load_course(course_file)
        if check_only:
            drifts = check_stubs(paths, course)
            for drift in drifts:
                console.print(
                    f"[red]x[/] {drift.path.relative_to(paths.root)} {drift.reason}",
                    highlight=False,
                )
            if drifts:
                fail(f"{len(drifts)} stub(s) out of date")
            console.print(f"[green]ok[/] {len(course.exercises)} stub(s) match their solutions")
            return
        changed = write_stubs(paths, course, list(exercise_ids) or None)
    except (CourseError, MarkerError) as error:
        fail(str(error))
        return
    for path in changed:
        console.print(f"wrote {path.relative_to(paths.root)}")
    console.print(f"[green]ok[/] {len(changed)} stub(s) changed")


@click.command()
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
        paths, course = load_course(course_file)
        ids = list(exercise_ids) or course.exercise_ids
        for exercise_id in ids:
            course.exercise(exercise_id)
    except CourseError as error:
        fail(str(error))
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


def run_verification(paths: CoursePaths, ids: list[str]) -> bool:
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


@click.command()
@click.argument("exercise_ids", nargs=-1)
@course_option
def verify(exercise_ids: tuple[str, ...], course_file: str | None) -> None:
    """Checks of the checks: reference full marks, stub zero, mutants caught, alternatives pass."""
    try:
        paths, course = load_course(course_file)
        ok = run_verification(paths, list(exercise_ids) or course.exercise_ids)
    except (CourseError, VariantError) as error:
        fail(str(error))
        return
    if not ok:
        fail("some checks do not do their job (see above)")
