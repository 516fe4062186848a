"""The engine's scores, written into nbgrader's own gradebook.

Each check is one grade cell of the released notebook (``notebooks.grade_id_of``), so a
student's result maps cell by cell onto the rows nbgrader's autograder would fill:
``add_submission`` creates them from the assignment's source cells, and each gets its
``auto_score``. ``nbgrader export``, the formgrader and ``generate_feedback`` then read
the same gradebook as if nbgrader had graded it (``autograded.write_autograded`` leaves
the notebooks in ``autograded/`` that those tools expect, with each check's message).
The late penalty is ``late.late_penalty``'s, the rule every output applies; a student's
extension is written as nbgrader's own (``SubmittedAssignment.extension``, what
``Gradebook.grant_extension`` sets), so ``submission.duedate`` includes it. A score a
person set in the formgrader (``manual_score``) is never overwritten, and
``read_overrides`` hands it to the outputs.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from autograder.course.notebooks import grade_id_of
from autograder.grading.autograded import read_timestamp, write_autograded
from autograder.grading.late import Extension, LatePolicy, extended_due, late_penalty, utc
from autograder.grading.overrides import Override
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
    extended: set[str] = set()
    url = f"sqlite:///{course_dir / 'gradebook.db'}"
    with Gradebook(url, course_id) as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue  # not recorded: on time, as nbgrader would have it
            if submission.duedate is not None:
                due[student] = submission.duedate
                if submission.extension:
                    extended.add(student)
            if submission.timestamp is not None:
                submitted[student] = submission.timestamp
    return LatePolicy(per_day=per_day, due=due, submitted=submitted, extended=frozenset(extended))


def read_overrides(
    *, course_dir: Path, course_id: str, assignment: str, students: Iterable[str]
) -> dict[str, list[Override]]:
    """Each student's grade cells that a person scored by hand in the formgrader although
    the engine grades them (``auto_score`` set): the engine's score and the one that
    counts (nbgrader's ``Grade.score``: the manual score, extra credit included)."""
    from nbgrader.api import Gradebook, MissingEntry

    found: dict[str, list[Override]] = {}
    url = f"sqlite:///{course_dir / 'gradebook.db'}"
    with Gradebook(url, course_id) as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    by_hand = grade.manual_score is not None or bool(grade.extra_credit)
                    if grade.auto_score is None or not by_hand:
                        continue
                    found.setdefault(student, []).append(
                        Override(
                            student=student,
                            exercise=notebook.name,
                            cell=grade.name,
                            auto=float(grade.auto_score),
                            manual=float(grade.score),
                            max_score=float(grade.max_score),
                        )
                    )
    return found


def _grant_extension(gradebook: Any, assignment: str, student: str, extension: Extension) -> None:
    """nbgrader's own per-student extension, from a duration or a new due date (one that
    is not later than the assignment's due date changes nothing)."""
    original = gradebook.find_assignment(assignment).duedate
    if original is None:
        return  # no due date in the gradebook: nothing to extend, all on time
    new_due = extended_due(utc(original), extension)
    if new_due is not None and (delta := new_due - utc(original)) > timedelta(0):
        gradebook.grant_extension(assignment, student, minutes=delta.total_seconds() / 60)


def record_scores(
    *,
    course_dir: Path,
    course_id: str,
    assignment: str,
    results: Sequence[StudentResult],
    late_penalty_per_day: float = 0.0,
    extensions: Mapping[str, Extension] | None = None,
) -> int:
    """Write every check's score, and each student's extension, into the gradebook;
    returns the grades written. A student without an entry in ``extensions`` keeps the
    extension the gradebook has."""
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
            if (extension := (extensions or {}).get(result.student)) is not None:
                _grant_extension(gradebook, assignment, result.student, extension)
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
