"""The class-wide commands: ``build``, ``bundle`` and ``grade`` (``demo`` is in
``cli/demo.py``, ``quiz show`` in ``cli/quiz.py``)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import click
from rich.progress import TaskID

from autograder.cli.common import console, course_option, db_url_option, fail, load_course
from autograder.course.markers import MarkerError
from autograder.course.model import CourseError, CoursePaths
from autograder.grading.classrun import GradeOptions, GradeReport


@click.command()
@click.argument("submissions", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option(
    "-a",
    "--assignment",
    "assignment_id",
    default=None,
    help="Grade this nbgrader assignment (submitted/*/ID/) into nbgrader's gradebook, "
    "instead of a SUBMISSIONS folder.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where results go (default: SUBMISSIONS-results next to it).",
)
@click.option(
    "-e", "--exercise", "exercise_ids", multiple=True, help="Grade only these (default: all)."
)
@click.option(
    "-j", "--jobs", type=int, default=None, help="Grading processes (default: all cores)."
)
@click.option("--force", is_flag=True, help="Regrade students whose results are up to date.")
@click.option("--seed", type=int, default=None, help="Seed for the hidden checks' inputs.")
@click.option(
    "--require-sandbox", is_flag=True, help="Refuse to grade without bubblewrap isolation."
)
@click.option(
    "--no-sandbox",
    is_flag=True,
    help="Grade with resource limits only, even where bubblewrap is installed (recorded "
    "in every result and the summary).",
)
@click.option(
    "--nbgrader-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The nbgrader course directory, when grading an assignment (default: build/nbgrader).",
)
@click.option(
    "--extensions",
    "extensions_csv",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV of per-student extensions (student id, then a new due date or days), added "
    "to course.yml's extensions.",
)
@click.option(
    "--due",
    type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z"]),
    default=None,
    help="Due date of a SUBMISSIONS folder, with its time zone (2026-12-11T23:59:00+0000); "
    "late by each student's timestamp.txt.",
)
@click.option(
    "--lms",
    type=click.Choice(["canvas", "moodle", "both"]),
    default="both",
    help="LMS grade files to write: lms-canvas.csv, lms-moodle.csv (default: both).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:PORT",
    help="Grade on this Dask cluster (`dask scheduler`; workers need this package, not "
    "the course) instead of local processes; results are written here, as locally.",
)
@db_url_option("")
@course_option
def grade(
    submissions: Path | None,
    assignment_id: str | None,
    out: Path | None,
    exercise_ids: tuple[str, ...],
    jobs: int | None,
    force: bool,
    seed: int | None,
    require_sandbox: bool,
    no_sandbox: bool,
    nbgrader_dir: Path | None,
    extensions_csv: Path | None,
    due: datetime | None,
    lms: str,
    scheduler: str | None,
    db_url: str | None,
    course_file: str | None,
) -> None:
    """Grade a class: SUBMISSIONS holds one folder per student with <exercise>.py or
    .ipynb files. Writes one JSON result per student and a class summary; a re-run
    skips students whose files and checks are unchanged. With --assignment ID instead,
    grades nbgrader's submitted/<student>/ID/ and writes the scores into nbgrader's
    gradebook."""
    try:
        paths, course = load_course(course_file)
    except CourseError as error:
        fail(str(error))
        return
    known = [a.id for a in course.assignments]
    if (submissions is None) == (assignment_id is None):
        fail(
            "give a SUBMISSIONS folder or --assignment ID (one of them): "
            f"`autograder grade submissions/` or `autograder grade --assignment {known[0]}`"
            if known
            else "give the SUBMISSIONS folder to grade"
        )
    assignment = None
    if assignment_id is not None:
        if assignment_id not in known:
            fail(f"no assignment {assignment_id!r} in course.yml; it has {', '.join(known)}")
        # nbgrader's collected submissions, scores into its gradebook.
        assignment = next(a for a in course.assignments if a.id == assignment_id)
        course_dir = (nbgrader_dir or paths.root / "build" / "nbgrader").resolve()
        submissions = course_dir / "submitted"
        out = out or course_dir / "autograder-results" / assignment.id
        exercise_ids = exercise_ids or tuple(assignment.exercises)
    assert submissions is not None
    if not submissions.is_dir() and str(submissions) in known:
        fail(
            f"{submissions} is not a folder; to grade nbgrader's assignment {submissions}, "
            f"run `autograder grade --assignment {submissions}`"
        )
    ids = list(exercise_ids) or course.exercise_ids
    unknown = [i for i in ids if i not in course.exercise_ids]
    if unknown:
        fail(f"unknown exercise(s) {', '.join(unknown)}; course.yml has {course.exercise_ids}")
    options = GradeOptions(
        submissions=submissions.resolve(),
        out=(out or submissions.with_name(submissions.name + "-results")).resolve(),
        exercises=tuple(ids),
        jobs=jobs or os.cpu_count() or 1,
        force=force,
        seed=seed,
        require_sandbox=require_sandbox,
        use_sandbox=not no_sandbox,
        scheduler=scheduler,
    )
    if require_sandbox and no_sandbox:
        fail("--require-sandbox and --no-sandbox contradict each other; pass one")
    if due is not None and assignment is not None:
        fail(f"--due is for a SUBMISSIONS folder; {assignment.id}'s due date is course.yml's")
    from autograder.grading.extensions import ExtensionsError
    from autograder.pipeline import GradebookProblem, grade_assignment

    try:
        graded = grade_assignment(
            paths,
            course,
            options,
            grade=lambda chosen: grade_and_report(paths, chosen),
            assignment=assignment,
            course_dir=course_dir if assignment is not None else None,
            extensions_csv=extensions_csv,
            due=due,
            lms=("canvas", "moodle") if lms == "both" else (lms,),
            db_url=db_url,
        )
    except (ExtensionsError, GradebookProblem) as error:
        fail(str(error))
        return
    report = graded.report
    if assignment is not None:
        console.print(
            f"wrote {graded.grades_written} grade(s) of {assignment.id} into "
            f"{graded.gradebook}; `nbgrader export` and the formgrader read them",
            highlight=False,
        )
    console.print(
        "feedback (Markdown, HTML), Gradescope results.json and LMS grade CSVs in "
        + ", ".join(str(p) for p in dict.fromkeys(graded.exports.values())),
        highlight=False,
    )
    console.print(f"class report: {graded.class_report}", highlight=False)
    if report.failed:
        fail(
            f"could not grade {', '.join(report.failed)} ({report.failure}); "
            "run again to retry them"
        )


def grade_and_report(paths: CoursePaths, options: GradeOptions) -> GradeReport:
    """Grade with a progress bar, then print the class summary."""
    from autograder.grading.batch import GradingError, GradingInterrupted, grade_class
    from autograder.grading.progress import exercise_table, grade_progress, summary_table
    from autograder.sandbox.bwrap import Sandbox, SandboxUnavailable

    progress = grade_progress(console)
    bar: list[TaskID] = []

    def started(total: int, skipped: int, sandbox: Sandbox) -> None:
        if sandbox.warning:
            console.print(f"[bold yellow]{sandbox.warning}[/]", highlight=False)
        console.print(
            f"{total} student(s); {skipped} up to date, {total - skipped} to grade; "
            f"sandbox: {sandbox.description}",
            highlight=False,
        )
        if total > skipped:
            progress.start()
            bar.append(progress.add_task("grade", total=total - skipped))

    try:
        report = grade_class(
            paths,
            options,
            on_start=started,
            on_student=lambda student: progress.advance(bar[0]) if bar else None,
        )
    except (GradingError, SandboxUnavailable) as error:
        progress.stop()
        fail(str(error))
        raise
    except GradingInterrupted as stop:
        # Ctrl-C: the grading processes and workers are already gone (grade_class).
        progress.stop()
        console.print(f"[bold yellow]{stop}[/]", highlight=False)
        raise SystemExit(130) from None
    progress.stop()
    console.print(summary_table(report, options.exercises))
    if len(options.exercises) > 1:
        console.print(exercise_table(report, options.exercises))
    rate = report.graded / report.seconds if report.seconds else 0.0
    console.print(
        f"graded {report.graded}, up to date {report.skipped}, failed {len(report.failed)} "
        f"in {report.seconds:.1f} s ({rate:.1f} students/s); results in {options.out}",
        highlight=False,
    )
    return report


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The nbgrader course directory to write (default: build/nbgrader).",
)
@db_url_option(", written into nbgrader_config.py")
@course_option
def build(out: Path | None, db_url: str | None, course_file: str | None) -> None:
    """Write the nbgrader course (source notebooks with grade cells), release it with
    nbgrader's generate_assignment, and fail if anything released leaks a solution or a
    hidden check."""
    from autograder.course.build import BuildError, build_course

    try:
        paths, course = load_course(course_file)
        course_dir = out or paths.root / "build" / "nbgrader"
        result = build_course(paths, course, course_dir=course_dir, db_url=db_url)
    except (CourseError, MarkerError, BuildError) as error:
        fail(str(error))
        return
    console.print(
        f"ok {len(result.source_notebooks)} source notebook(s) in {result.course_dir / 'source'}; "
        f"{len(result.released)} released in {result.course_dir / 'release'}; leak scan clean",
        highlight=False,
    )


@click.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The zip to write (default: build/<course id>-student.zip).",
)
@course_option
def bundle(out: Path | None, course_file: str | None) -> None:
    """Write the student bundle: stubs, released notebooks (after `autograder build`),
    public checks and the pytest set-up, so `pytest` in the unpacked folder works without
    the course repository. Fails if anything in it leaks a solution or hidden check."""
    from autograder.course.bundle import BundleError, write_bundle

    try:
        paths, course = load_course(course_file)
        target = out or paths.root / "build" / f"{course.course_id}-student.zip"
        write_bundle(
            paths, course, target, notebooks_dir=paths.root / "build" / "nbgrader" / "release"
        )
    except (CourseError, MarkerError, BundleError) as error:
        fail(str(error))
        return
    console.print(f"ok wrote {target}; leak scan clean", highlight=False)
