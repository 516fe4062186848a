"""The class-wide commands: ``build``, ``bundle``, ``grade``, ``quiz show`` and the
end-to-end ``demo``."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
from rich.progress import TaskID
from rich.table import Table

from autograder.cli.authoring import check, run_verification, stubs
from autograder.cli.common import console, course_option, fail, load_course
from autograder.course.markers import MarkerError
from autograder.course.model import CourseError, CoursePaths
from autograder.grading.results import GradeOptions, GradeReport


@click.command()
@course_option
@click.pass_context
def demo(ctx: click.Context, course_file: str | None) -> None:
    """The main job on the embedded defaults: validate the course, check the checks
    (reference, stubs, every known variant), then the nbgrader loop: build and release,
    a generated class of 30, grade with the sandboxed engine into nbgrader's gradebook,
    feedback and exports, and nbgrader export."""
    started = time.perf_counter()
    console.rule("1. course.yml and files")
    ctx.invoke(check, course_file=course_file)
    console.rule("2. stubs from the single source")
    ctx.invoke(stubs, exercise_ids=(), check_only=True, course_file=course_file)
    console.rule("3. checks against the reference, the stubs, mutants and alternatives")
    paths, course = load_course(course_file)
    ok = run_verification(paths, course.exercise_ids)
    from autograder.cli.demo import nbgrader_loop
    from autograder.course.build import BuildError
    from autograder.course.bundle import BundleError

    steps = iter(range(4, 20))
    failed: list[str] = []

    def grade_one(options: GradeOptions) -> GradeReport:
        report = _grade_and_report(paths, options)
        failed.extend(report.failed)
        return report

    try:
        loop = nbgrader_loop(
            paths,
            course,
            size=30,
            jobs=os.cpu_count() or 1,
            grade=grade_one,
            step=lambda title: console.rule(f"{next(steps)}. {title}"),
        )
    except (BuildError, BundleError) as error:
        fail(str(error))
        return
    from autograder.grading.manual import manual_points, points_label

    manual = manual_points(paths, course.exercise_ids)
    table = Table(
        title="Scores, as nbgrader export reads them from the gradebook "
        "(late: raw - penalty = final)"
    )
    table.add_column("student")
    for a in course.assignments:
        auto = sum(e.points for e in course.exercises if e.id in a.exercises)
        extra = sum(manual.get(e, 0.0) for e in a.exercises)
        # The gradebook's total counts the free-text points graded by hand too.
        title = f"{a.id}\n({points_label(auto, extra)})" if extra else a.id
        table.add_column(title, justify="right")
    by_student: dict[str, dict[str, str]] = {}
    for row in loop.rows:
        mine = by_student.setdefault(row["student_id"], {})
        raw, final = float(row["raw_score"]), float(row["score"])
        penalty = float(row["late_submission_penalty"] or 0)
        shown = f"{final:g}/{float(row['max_score']):g}"
        if penalty:
            shown = f"{raw:g} - {penalty:g} = {shown}"
        mine[row["assignment"]] = shown
    for student, scores in sorted(by_student.items()):
        table.add_row(student, *[scores.get(a.id, "-") for a in course.assignments])
    console.print(table)
    console.print("wrote:", highlight=False)
    written = {
        "nbgrader course (source/, release/, submitted/)": loop.course_dir,
        "gradebook (SQLite)": loop.course_dir / "gradebook.db",
        "grades (nbgrader export)": loop.grades_csv,
        "student bundle": loop.bundle,
        **loop.written,
    }
    for label, path in written.items():
        console.print(f"  {label}: {path}", highlight=False)
    ok = ok and not failed
    console.print(f"done in {time.perf_counter() - started:.1f} s")
    if not ok:
        fail("the demo found checks that do not do their job")


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
    )
    if require_sandbox and no_sandbox:
        fail("--require-sandbox and --no-sandbox contradict each other; pass one")
    from autograder.pipeline import grade_assignment

    graded = grade_assignment(
        paths,
        course,
        options,
        grade=lambda chosen: _grade_and_report(paths, chosen),
        assignment=assignment,
        course_dir=course_dir if assignment is not None else None,
    )
    report = graded.report
    if assignment is not None:
        console.print(
            f"wrote {graded.grades_written} grade(s) of {assignment.id} into "
            f"{graded.gradebook}; `nbgrader export` and the formgrader read them",
            highlight=False,
        )
    console.print(
        "feedback (Markdown, HTML), Gradescope results.json and an LMS gradebook CSV in "
        + ", ".join(str(p) for p in graded.exports.values()),
        highlight=False,
    )
    if report.failed:
        fail(
            f"could not grade {', '.join(report.failed)} ({report.failure}); "
            "run again to retry them"
        )


def _grade_and_report(paths: CoursePaths, options: GradeOptions) -> GradeReport:
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
@course_option
def build(out: Path | None, course_file: str | None) -> None:
    """Write the nbgrader course (source notebooks with grade cells), release it with
    nbgrader's generate_assignment, and fail if anything released leaks a solution or a
    hidden check."""
    from autograder.course.build import BuildError, build_course

    try:
        paths, course = load_course(course_file)
        result = build_course(paths, course, course_dir=(out or paths.root / "build" / "nbgrader"))
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


@click.group()
def quiz() -> None:
    """Quiz questions with per-student variants."""


@quiz.command("show")
@click.option("--student", required=True, help="The student id (their login).")
@click.argument("exercise_ids", nargs=-1)
@course_option
def quiz_show(student: str, exercise_ids: tuple[str, ...], course_file: str | None) -> None:
    """Print a student's variant of every quiz question, with its key (instructors only:
    the keys come from solutions/)."""
    from autograder.quiz.keys import QuizError, variants_and_keys

    try:
        paths, course = load_course(course_file)
        shown = variants_and_keys(paths, course, student, list(exercise_ids) or None)
    except (CourseError, QuizError) as error:
        fail(str(error))
        return
    for exercise, items in shown.items():
        console.rule(f"{exercise}: student {student}")
        for prompt, key in items:
            console.print(prompt, highlight=False, markup=False, soft_wrap=True)
            console.print(f"  key: {key!r}\n", style="bold", highlight=False, markup=False)
