"""The grading pipeline, written once: grade a class, record the scores in nbgrader's
gradebook (for an nbgrader assignment), then write the outputs (feedback, exports) with
the late rule applied to what the gradebook holds. ``autograder grade`` and the demo
both call ``grade_assignment``; only how progress is shown differs (``grade``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course.model import Assignment, Course, CoursePaths
from autograder.grading.classrun import GradeOptions, GradeReport
from autograder.grading.late import LatePolicy
from autograder.grading.manual import manual_points
from autograder.outputs.feedback import write_all
from autograder.outputs.gradebook import late_policy, record_scores
from autograder.outputs.report import write_report


@dataclass(frozen=True)
class Graded:
    """What one run of the pipeline produced."""

    report: GradeReport
    exports: dict[str, Path] = field(default_factory=dict)
    grades_written: int = 0  # rows written into nbgrader's gradebook
    gradebook: Path | None = None
    class_report: Path | None = None  # report.html (``report`` is the run's GradeReport)


def grade_assignment(
    paths: CoursePaths,
    course: Course,
    options: GradeOptions,
    *,
    grade: Callable[[GradeOptions], GradeReport],
    assignment: Assignment | None = None,
    course_dir: Path | None = None,
) -> Graded:
    """grade -> gradebook (when ``assignment`` is an nbgrader assignment graded from
    ``course_dir``) -> outputs in ``options.out``. A plain folder has no due date, so
    everything in it is on time."""
    report = grade(options)
    late = LatePolicy()
    written, gradebook = 0, None
    if assignment is not None:
        if course_dir is None:
            raise ValueError("grading an nbgrader assignment needs its course_dir")
        written = record_scores(
            course_dir=course_dir,
            course_id=course.course_id,
            assignment=assignment.id,
            results=report.results,
            late_penalty_per_day=course.grading.late_penalty_per_day,
        )
        gradebook = course_dir / "gradebook.db"
        late = late_policy(  # the late rule, on what the gradebook now holds
            course_dir=course_dir,
            course_id=course.course_id,
            assignment=assignment.id,
            students=[r.student for r in report.results],
            per_day=course.grading.late_penalty_per_day,
        )
    exports = write_all(
        report.results,
        options.out,
        assignment=assignment.id if assignment else None,
        title=assignment.title if assignment else course.title,
        late=late,
        manual=manual_points(paths, options.exercises),
    )
    class_report = write_report(  # the class report, beside the exports
        report.results,
        options.out,
        title=assignment.title if assignment else course.title,
        exercises=options.exercises,
        late=late,
        manual=manual_points(paths, options.exercises),
    )
    return Graded(report, exports, written, gradebook, class_report)
