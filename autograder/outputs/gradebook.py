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

import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from autograder.course.dburl import gradebook_url
from autograder.course.nbgraderapi import gradebook as open_gradebook
from autograder.course.notebooks import grade_id_of
from autograder.grading.autograded import read_timestamp, write_autograded
from autograder.grading.late import Extension, LatePolicy, extended_due, late_penalty, utc
from autograder.grading.overrides import Override
from autograder.grading.results import StudentResult


def _timestamp(folder: Path) -> datetime | None:
    """nbgrader's timestamp.txt of a submission, if there is one (read safely: the
    student's folder is ``submitted/<student>``)."""
    return read_timestamp(folder, root=folder.parent)[0]


def _url(db_url: str | None, course_dir: Path | None) -> str:
    """``db_url``, else the gradebook of the course in ``course_dir`` (dburl)."""
    if db_url is not None:
        return db_url
    if course_dir is None:
        raise ValueError("give the gradebook's db_url or its course_dir")
    return gradebook_url(course_dir)


def late_policy(
    *,
    course_id: str,
    assignment: str,
    students: Iterable[str],
    per_day: float,
    db_url: str | None = None,
    course_dir: Path | None = None,
) -> LatePolicy:
    """The late rule's inputs for the outputs (feedback, results.json, LMS CSV), read
    back from the gradebook after ``record_scores``: each student's due date (extensions
    included) and submission time, exactly what the gradebook's penalty used."""
    from nbgrader.api import MissingEntry

    due: dict[str, datetime] = {}
    submitted: dict[str, datetime] = {}
    extended: set[str] = set()
    with open_gradebook(_url(db_url, course_dir), course_id) as gradebook:
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
    *,
    course_id: str,
    assignment: str,
    students: Iterable[str],
    db_url: str | None = None,
    course_dir: Path | None = None,
) -> dict[str, list[Override]]:
    """Each student's grade cells that a person scored by hand in the formgrader although
    the engine grades them (``auto_score`` set): the engine's score and the one that
    counts (nbgrader's ``Grade.score``: the manual score, extra credit included)."""
    from nbgrader.api import MissingEntry

    found: dict[str, list[Override]] = {}
    with open_gradebook(_url(db_url, course_dir), course_id) as gradebook:
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
    db_url: str | None = None,
) -> int:
    """Write every check's score, and each student's extension, into the gradebook at
    ``db_url`` (default: the SQLite file in ``course_dir``); returns the grades written.
    A student without an entry in ``extensions`` keeps the extension the gradebook has.

    Safe beside other writers (another run grading another assignment, on PostgreSQL):
    one transaction per student (student, submission, extension, scores, penalties:
    all or nothing), and a student whose write collides with another writer's (both
    creating the same student, a serialization failure, a deadlock) is rolled back and
    written again. Every step
    updates what is there, so a run killed halfway and run again leaves one submission
    per student with the final scores."""
    written = 0
    url = _url(db_url, course_dir)
    with warnings.catch_warnings(), open_gradebook(url, course_id) as gradebook:
        # nbgrader's own add_submission trips SQLAlchemy's autoflush warnings; harmless.
        warnings.simplefilter("ignore", category=Warning)
        for result in results:
            write_autograded(course_dir, assignment, result)
            extension = (extensions or {}).get(result.student)
            for attempt in range(WRITE_TRIES):
                session = gradebook.db
                gradebook.db = _OneTransaction(session)
                try:
                    count = _record_student(
                        gradebook, course_dir, assignment, result, late_penalty_per_day, extension
                    )
                    session.commit()
                except Exception as error:
                    session.rollback()
                    if attempt == WRITE_TRIES - 1 or not _collided(error):
                        raise
                    time.sleep(0.02 * (attempt + 1))
                else:
                    written += count
                    break
                finally:
                    gradebook.db = session
    return written


class _OneTransaction:
    """nbgrader's session, with its commits turned into flushes: each of ``Gradebook``'s
    methods commits, so a student's write would land in pieces (a submission with no
    scores yet); through this, all of it commits at once, or none of it."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def commit(self) -> None:
        self._session.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


WRITE_TRIES = 8


def _collided(error: BaseException) -> bool:
    """Whether a failed write lost a race with another writer (worth writing again):
    a unique row both created (nbgrader wraps it as InvalidEntry), a serialization
    failure or a deadlock."""
    import sqlalchemy.exc
    from nbgrader.api import InvalidEntry

    if isinstance(error, InvalidEntry | sqlalchemy.exc.IntegrityError):
        return True
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    return isinstance(error, sqlalchemy.exc.DBAPIError) and code in {"40001", "40P01"}


def _record_student(
    gradebook: Any,
    course_dir: Path,
    assignment: str,
    result: StudentResult,
    per_day: float,
    extension: Extension | None,
) -> int:
    """One student's submission, extension, scores and late penalties."""
    from nbgrader.api import MissingEntry

    written = 0
    gradebook.update_or_create_student(result.student)
    folder = course_dir / "submitted" / result.student / assignment
    extra: dict[str, Any] = {}
    if (stamp := _timestamp(folder)) is not None:
        extra["timestamp"] = stamp
    submission = gradebook.update_or_create_submission(assignment, result.student, **extra)
    if extension is not None:
        _grant_extension(gradebook, assignment, result.student, extension)
    for check in result.run.checks:
        try:
            grade = gradebook.find_grade(
                grade_id_of(check.exercise, check.id), check.exercise, assignment, result.student
            )
        except MissingEntry:
            continue  # a check added after the release: not in this gradebook
        grade.auto_score = check.earned
        # nbgrader's own rule (SaveAutoGrades): a grade a person has scored by hand
        # stays flagged for review when the automatic score changes.
        grade.needs_manual_grade = grade.manual_score is not None
        written += 1
    # Flushed, the notebooks' scores (SQL over the grades) are read again inside the
    # same transaction, for the penalties.
    gradebook.db.flush()
    gradebook.db.expire_all()
    for notebook in submission.notebooks:
        # As nbgrader's own late-penalty step does: a penalty per notebook, by the one
        # rule (late.late_penalty) the feedback and exports apply too.
        lateness = late_penalty(
            notebook.score,
            due=submission.duedate,
            submitted=submission.timestamp,
            per_day=per_day,
        )
        notebook.late_submission_penalty = lateness.penalty
    return written  # committed by record_scores, with everything above
