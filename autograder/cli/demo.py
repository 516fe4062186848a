"""``autograder demo``: the main job on the embedded defaults. After the course checks,
the nbgrader loop.

Steps, in order: build and release the nbgrader course (SQLite gradebook); write the
student bundle; a generated class in nbgrader's ``submitted/`` tree (what ``nbgrader
collect`` leaves there), made from the notebooks just released, filled in cell by cell
as students would (``autograder.course.sampleclass``); grade each assignment with the
sandboxed engine (local process pool) into the gradebook; feedback and exports;
``nbgrader export``, which reads the scores back from the gradebook.
"""

from __future__ import annotations

import csv
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.table import Table

from autograder.cli.authoring import check, run_verification, stubs
from autograder.cli.common import console, course_option, fail, load_course
from autograder.cli.grading import grade_and_report
from autograder.course.model import Course, CoursePaths
from autograder.grading.classrun import GradeOptions, GradeReport
from autograder.outputs.similarity import SimilarPair

# The demo starts from a fresh gradebook (it deletes the course folder): always the
# SQLite file in it, whatever AUTOGRADER_DB_URL or course.yml name.
DEMO_GRADEBOOK = "sqlite:///gradebook.db"


@dataclass
class LoopResult:
    course_dir: Path
    bundle: Path
    grades_csv: Path
    written: dict[str, Path] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)
    reports: dict[str, Path] = field(default_factory=dict)  # assignment -> report.html
    similar: list[SimilarPair] = field(default_factory=list)  # every assignment's pairs


def similarity_problems(course: Course, similar: list[SimilarPair], size: int) -> list[str]:
    """What the similarity report got wrong on the sample class: the copier must be
    paired with the student it copied in every exercise, and no honest student (own
    code of the same textbook idea) may be paired with anyone."""
    from autograder.course.sampleclass import roles

    who = roles(size)
    original = next((s for s, r in who.items() if r == "original"), None)
    copier = next((s for s, r in who.items() if r == "copier"), None)
    honest = {s for s, r in who.items() if r == "honest"}
    flagged = {(p.exercise, p.first, p.second) for p in similar}
    problems = []
    if original and copier:
        first, second = sorted((original, copier))
        problems += [
            f"{e}: the copied pair {first} / {second} is not flagged"
            for e in course.exercise_ids
            if (e, first, second) not in flagged
        ]
    problems += [
        f"{p.exercise}: honest {p.first} / {p.second} flagged ({p.score:.2f})"
        for p in similar
        if {p.first, p.second} & honest
    ]
    return problems


def nbgrader_loop(
    paths: CoursePaths,
    course: Course,
    *,
    size: int,
    jobs: int,
    grade: Callable[[GradeOptions], GradeReport],
    step: Callable[[str], None] = lambda title: None,
) -> LoopResult:
    """Run the loop in ``build/``; ``grade`` grades one assignment (with progress)."""
    # Imported here: every command's start-up imports this module.
    from autograder.course.build import build_course, nbgrader
    from autograder.course.bundle import write_bundle
    from autograder.course.sampleclass import write_sample_class
    from autograder.pipeline import grade_assignment

    build = paths.root / "build"
    course_dir = build / "nbgrader"
    if course_dir.exists():
        shutil.rmtree(course_dir)  # a fresh gradebook every time
    step("build and release the nbgrader course (nbgrader generate_assignment, leak scan)")
    build_course(paths, course, course_dir=course_dir, db_url=DEMO_GRADEBOOK)
    bundle = build / f"{course.course_id}-student.zip"
    write_bundle(paths, course, bundle, notebooks_dir=course_dir / "release")
    step(f"a class of {size} students in {course_dir / 'submitted'} (as nbgrader collect)")
    write_sample_class(
        paths, course, course_dir / "submitted", size, release=course_dir / "release", nbgrader=True
    )
    result = LoopResult(course_dir, bundle, course_dir / "grades.csv")
    for assignment in course.assignments:
        step(f"grade {assignment.id} with the sandboxed engine, into nbgrader's gradebook")
        out = course_dir / "autograder-results" / assignment.id
        graded = grade_assignment(
            paths,
            course,
            GradeOptions(
                submissions=course_dir / "submitted",
                out=out,
                exercises=tuple(assignment.exercises),
                jobs=jobs,
                force=True,
            ),
            grade=grade,
            assignment=assignment,
            course_dir=course_dir,
            db_url=DEMO_GRADEBOOK,
        )
        for name, path in graded.exports.items():
            if path not in result.written.values():  # "lms" is another name of a file
                result.written[f"{assignment.id} {name}"] = path
        if graded.class_report is not None:
            result.reports[assignment.id] = graded.class_report
        result.similar += graded.similar
    step("nbgrader export: the scores, read back from nbgrader's gradebook")
    nbgrader(course_dir, "export", f"--to={result.grades_csv}")
    with result.grades_csv.open(newline="") as handle:
        result.rows = list(csv.DictReader(handle))
    return result


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
    from autograder.course.build import BuildError
    from autograder.course.bundle import BundleError

    steps = iter(range(4, 20))
    failed: list[str] = []

    def grade_one(options: GradeOptions) -> GradeReport:
        report = grade_and_report(paths, options)
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
    copies = similarity_problems(course, loop.similar, size=30)
    console.print(
        f"similarity: {len(loop.similar)} pair(s) flagged"
        + (
            "; " + "; ".join(copies)
            if copies
            else " (the copied pair in every exercise, no honest pair)"
        ),
        highlight=False,
    )
    ok = ok and not failed and not copies
    console.print(f"done in {time.perf_counter() - started:.1f} s")
    for assignment_id, report_path in loop.reports.items():
        console.print(f"class report ({assignment_id}): {report_path}", highlight=False)
    if not ok:
        fail("the demo found checks that do not do their job")
