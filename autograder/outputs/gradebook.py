"""The engine's scores, written into nbgrader's own gradebook.

Each check is one grade cell of the released notebook (``notebooks.grade_id_of``), so a
student's result maps cell by cell onto the rows nbgrader's autograder would fill:
``add_submission`` creates them from the assignment's source cells, and each gets its
``auto_score``. ``nbgrader export``, the formgrader and ``generate_feedback`` then read
the same gradebook as if nbgrader had graded it (``autograded.write_autograded`` leaves
the notebooks in ``autograded/`` that those tools expect, with each check's message).
The late penalty is ``late.late_penalty``'s, the rule every output applies.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.course.notebooks import grade_id_of
from autograder.grading.autograded import read_timestamp, write_autograded
from autograder.grading.late import LatePolicy, late_penalty
from autograder.grading.results import StudentResult


def _timestamp(folder: Path) -> datetime | None:
    """nbgrader's timestamp.txt of a submission, if there is one (read safely: the
    student's folder is ``submitted/<student>``)."""
    return read_timestamp(folder, root=folder.parent)[0]


def late_policy(
    *, course_dir: Path, course_id: str, assignment: str, students: Iterable[str], per_day: float
) -> LatePolicy:
    """The late rule's inputs for the outputs (feedback, results.json, LMS CSV), read
    back from the gradebook after ``record_scores``: each student's due date (extensions
    included) and submission time, exactly what the gradebook's penalty used."""
    from nbgrader.api import Gradebook, MissingEntry

    due: dict[str, datetime] = {}
    submitted: dict[str, datetime] = {}
    url = f"sqlite:///{course_dir / 'gradebook.db'}"
    with Gradebook(url, course_id) as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue  # not recorded: on time, as nbgrader would have it
            if submission.duedate is not None:
                due[student] = submission.duedate
            if submission.timestamp is not None:
                submitted[student] = submission.timestamp
    return LatePolicy(per_day=per_day, due=due, submitted=submitted)


def record_scores(
    *,
    course_dir: Path,
    course_id: str,
    assignment: str,
    results: Sequence[StudentResult],
    late_penalty_per_day: float = 0.0,
) -> int:
    """Write every check's score into the gradebook; returns the grades written."""
    from nbgrader.api import Gradebook, MissingEntry

    written = 0
    url = f"sqlite:///{course_dir / 'gradebook.db'}"
    with warnings.catch_warnings(), Gradebook(url, course_id) as gradebook:
        # nbgrader's own add_submission trips SQLAlchemy's autoflush warnings; harmless.
        warnings.simplefilter("ignore", category=Warning)
        for result in results:
            gradebook.update_or_create_student(result.student)
            write_autograded(course_dir, assignment, result)
            folder = course_dir / "submitted" / result.student / assignment
            extra: dict[str, Any] = {}
            if (stamp := _timestamp(folder)) is not None:
                extra["timestamp"] = stamp
            submission = gradebook.update_or_create_submission(assignment, result.student, **extra)
            for check in result.run.checks:
                try:
                    grade = gradebook.find_grade(
                        grade_id_of(check.exercise, check.id),
                        check.exercise,
                        assignment,
                        result.student,
                    )
                except MissingEntry:
                    continue  # a check added after the release: not in this gradebook
                grade.auto_score = check.earned
                # nbgrader's own rule (SaveAutoGrades): a grade a person has scored by
                # hand stays flagged for review when the automatic score changes.
                grade.needs_manual_grade = grade.manual_score is not None
                written += 1
            gradebook.db.commit()
            for notebook in submission.notebooks:
                # As nbgrader's own late-penalty step does: a penalty per notebook, by the
                # one rule (late.late_penalty) the feedback and exports apply too.
                lateness = late_penalty(
                    notebook.score,
                    due=submission.duedate,
                    submitted=submission.timestamp,
                    per_day=late_penalty_per_day,
                )
                notebook.late_submission_penalty = lateness.penalty
            gradebook.db.commit()
    return written
