"""The grading pipeline, written once: grade a class, record the scores in nbgrader's
gradebook (for an nbgrader assignment), then write the outputs (feedback, exports) with
the late rule applied to what the gradebook holds. ``autograder grade`` and the demo
both call ``grade_assignment``; only how progress is shown differs (``grade``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from autograder.course.dburl import WHERE, DbUrlError, gradebook_url, mask
from autograder.course.dburl import GradebookProblem as GradebookProblem  # for the CLI
from autograder.course.model import Assignment, Course, CoursePaths
from autograder.course.nbgraderapi import configured_db_url
from autograder.grading.classrun import GradeOptions, GradeReport
from autograder.grading.extensions import class_extensions, folder_late_policy
from autograder.grading.late import LatePolicy
from autograder.grading.manual import manual_points
from autograder.grading.overrides import Override
from autograder.grading.students import find_students
from autograder.outputs.feedback import write_all
from autograder.outputs.gradebook import late_policy, read_overrides, record_scores
from autograder.outputs.lms import LMS_FORMATS
from autograder.outputs.report import write_report
from autograder.outputs.similarity import SimilarPair, find_similar, student_sources


@dataclass(frozen=True)
class Graded:
    """What one run of the pipeline produced."""

    report: GradeReport
    exports: dict[str, Path] = field(default_factory=dict)
    grades_written: int = 0  # rows written into nbgrader's gradebook
    gradebook: str | None = None  # its URL, password masked (dburl.mask)
    # each student's cells scored by hand in the formgrader, for the class report
    overrides: dict[str, list[Override]] = field(default_factory=dict)
    class_report: Path | None = None  # report.html (``report`` is the run's GradeReport)
    similar: list[SimilarPair] = field(default_factory=list)  # shown in the class report


def course_gradebook(course: Course, course_dir: Path, *, override: str | None = None) -> str:
    """The gradebook URL to grade ``course_dir`` into (``dburl.gradebook_url``), refused
    (``DbUrlError``) when the course's ``nbgrader_config.py`` names another: the scores
    would land where ``nbgrader export`` and the formgrader never look."""
    url = gradebook_url(course_dir, override=override, configured=course.gradebook.db_url)
    config = course_dir / "nbgrader_config.py"
    if config.is_file() and (built := configured_db_url(course_dir)) != url:
        raise DbUrlError(
            f"{course_dir} was built with the gradebook {mask(built)}, but this run would "
            f"write into {mask(url)}; give the same URL ({WHERE}) or build the course "
            "again (`autograder build --db-url URL`)"
        )
    return url


def similar_pairs(paths: CoursePaths, options: GradeOptions) -> list[SimilarPair]:
    """Pairs of students whose code for one exercise is suspiciously alike: the released
    stub's code is left out, and the reference's counts as routine (shared by all)."""
    exercises = options.exercises
    return find_similar(
        student_sources(find_students(options.submissions, exercises), exercises),
        {e: paths.stub(e).read_text(encoding="utf-8") for e in exercises},
        common={e: [paths.solution(e).read_text(encoding="utf-8")] for e in exercises},
    )


def grade_assignment(
    paths: CoursePaths,
    course: Course,
    options: GradeOptions,
    *,
    grade: Callable[[GradeOptions], GradeReport],
    assignment: Assignment | None = None,
    course_dir: Path | None = None,
    extensions_csv: Path | None = None,
    due: datetime | None = None,
    lms: Sequence[str] = LMS_FORMATS,
    db_url: str | None = None,
) -> Graded:
    """grade -> gradebook (when ``assignment`` is an nbgrader assignment graded from
    ``course_dir``) -> outputs in ``options.out``. Extensions: course.yml's for the
    assignment, then ``extensions_csv``'s (read first: a bad file stops before grading).
    A plain folder is late only against ``due`` (and the extensions' new due dates),
    by each student's ``timestamp.txt``; without them it is all on time. The gradebook:
    ``db_url`` (the command line's), else as ``dburl.gradebook_url`` says; it must be
    the one the course was built with (its ``nbgrader_config.py``), which nbgrader's
    own tools read (checked before grading)."""
    due = assignment.due if assignment is not None else due
    extensions = class_extensions(
        course.extensions_for(assignment.id) if assignment is not None else {},
        extensions_csv,
        assignment=assignment.id if assignment is not None else None,
        due=due,
    )
    url = None
    if assignment is not None:
        if course_dir is None:
            raise ValueError("grading an nbgrader assignment needs its course_dir")
        url = course_gradebook(course, course_dir, override=db_url)
    report = grade(options)
    students = [r.student for r in report.results]
    late = LatePolicy(per_day=course.grading.late_penalty_per_day)
    overrides: dict[str, list[Override]] = {}
    written, gradebook = 0, None
    if assignment is None and (due is not None or extensions):
        late = folder_late_policy(
            options.submissions, students, due=due, extensions=extensions, per_day=late.per_day
        )
    if assignment is not None and course_dir is not None and url is not None:
        written = record_scores(
            course_dir=course_dir,
            course_id=course.course_id,
            assignment=assignment.id,
            results=report.results,
            late_penalty_per_day=course.grading.late_penalty_per_day,
            extensions=extensions,
            db_url=url,
        )
        gradebook = mask(url)
        late = late_policy(  # the late rule, on what the gradebook now holds
            db_url=url,
            course_id=course.course_id,
            assignment=assignment.id,
            students=students,
            per_day=course.grading.late_penalty_per_day,
        )
        overrides = read_overrides(  # scores set by hand in the formgrader, kept
            db_url=url,
            course_id=course.course_id,
            assignment=assignment.id,
            students=students,
        )
    manual = manual_points(paths, options.exercises)  # free-text points, graded by hand
    title = assignment.title if assignment else course.title
    exports = write_all(
        report.results,
        options.out,
        assignment=assignment.id if assignment else None,
        title=title,
        late=late,
        manual=manual,
        overrides=overrides,
        lms=lms,
    )
    similar = similar_pairs(paths, options)
    class_report = write_report(  # the class report, beside the exports
        report.results,
        options.out,
        similar=similar,
        title=title,
        exercises=options.exercises,
        late=late,
        manual=manual,
        overrides={student: [o.describe() for o in found] for student, found in overrides.items()},
    )
    return Graded(report, exports, written, gradebook, overrides, class_report, similar)
