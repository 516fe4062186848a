"""``autograder report``: the class report, rebuilt from a results folder."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.cli.common import console, course_option, fail, load_course
from autograder.course.model import CourseError


@click.command()
@click.argument("results_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML file to write (default: RESULTS_DIR/report.html).",
)
@click.option("--title", default=None, help="The report's title (default: from course.yml).")
@course_option
def report(results_dir: Path, out: Path | None, title: str | None, course_file: str | None) -> None:
    """Write the class report (one self-contained HTML file: score distributions, check
    failure rates, frequent mistakes, late penalties, limits hit, students who need a
    look) from RESULTS_DIR, the folder `autograder grade` wrote (students/*.json).
    For nbgrader's build/nbgrader/autograder-results/ID, the due dates and submission
    times come from nbgrader's gradebook, as `autograder grade` used them."""
    from autograder.grading.late import LatePolicy
    from autograder.grading.manual import manual_points
    from autograder.outputs.report import ReportError, read_results, render_report

    try:
        results = read_results(results_dir)
    except ReportError as error:
        fail(str(error))
        return
    graded = list(dict.fromkeys(e for r in results for e in r.exercises))
    try:
        paths, course = load_course(course_file)
    except CourseError:  # no course here (e.g. results copied to a laptop): plain report
        shown = title or results_dir.resolve().name
        html = render_report(results, title=shown, exercises=graded)
    else:
        exercises = [e for e in course.exercise_ids if e in graded]
        exercises += [e for e in graded if e not in exercises]
        assignment = next((a for a in course.assignments if a.id == results_dir.name), None)
        course_dir = results_dir.resolve().parent.parent
        late = LatePolicy()
        if assignment is not None and (url := _built_gradebook(course_dir)) is not None:
            from autograder.outputs.gradebook import late_policy

            late = late_policy(
                db_url=url,
                course_id=course.course_id,
                assignment=assignment.id,
                students=[r.student for r in results],
                per_day=course.grading.late_penalty_per_day,
            )
        html = render_report(
            results,
            title=title or (assignment.title if assignment else course.title),
            exercises=exercises,
            late=late,
            manual=manual_points(paths, [e for e in exercises if e in course.exercise_ids]),
        )
    path = out or results_dir / "report.html"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror}; give a writable file with --out")
    console.print(f"class report ({len(results)} students): {path}", highlight=False)


def _built_gradebook(course_dir: Path) -> str | None:
    """The gradebook URL of the nbgrader course the results came from (its config's),
    if there is one: a SQLite file that is not there is none (never created here)."""
    from autograder.course.dburl import sqlite_path
    from autograder.course.nbgraderapi import configured_db_url

    if not (course_dir / "nbgrader_config.py").is_file():
        return None
    url = configured_db_url(course_dir)
    file = sqlite_path(url)
    return None if file is not None and not Path(file).is_file() else url
