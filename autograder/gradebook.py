"""The engine's scores, written into nbgrader's own gradebook.

Each check is one grade cell of the released notebook (``notebooks.grade_id_of``), so a
student's result maps cell by cell onto the rows nbgrader's autograder would fill:
``add_submission`` creates them from the assignment's source cells, and each gets its
``auto_score``. ``nbgrader export``, the formgrader and ``generate_feedback`` then read
the same gradebook as if nbgrader had graded it (``write_autograded`` leaves the
notebooks in ``autograded/`` that those tools expect).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.grading import StudentResult
from autograder.notebooks import grade_id_of


def _timestamp(folder: Path) -> datetime | None:
    """nbgrader's timestamp.txt of a submission, if there is one."""
    from nbgrader.utils import parse_utc

    stamp = folder / "timestamp.txt"
    if not stamp.is_file():
        return None
    try:
        return parse_utc(stamp.read_text().strip())  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - a malformed stamp: treat as on time, as nbgrader does
        return None


def late_days(seconds_late: float) -> int:
    """Started days past the due date (0 when on time)."""
    return 0 if seconds_late <= 0 else math.ceil(seconds_late / 86400)


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
                grade.needs_manual_grade = False
                written += 1
            gradebook.db.commit()
            days = late_days(submission.total_seconds_late)
            for notebook in submission.notebooks:
                # As nbgrader's own late-penalty step does: a penalty per notebook.
                share = min(1.0, late_penalty_per_day * days)
                notebook.late_submission_penalty = round(notebook.score * share, 4)
            gradebook.db.commit()
    return written


def write_autograded(course_dir: Path, assignment: str, result: StudentResult) -> list[Path]:
    """What nbgrader's autograde leaves in ``autograded/``: the student's notebooks, each
    grade cell showing the check's verdict, so ``nbgrader generate_feedback`` and the
    formgrader work on the engine's grades. Unreadable notebooks are skipped (nbgrader
    could not read them either; the result's notes say why)."""
    import nbformat

    source = course_dir / "submitted" / result.student / assignment
    target = course_dir / "autograded" / result.student / assignment
    verdicts = {grade_id_of(c.exercise, c.id): c for c in result.run.checks}
    written = []
    for path in sorted(source.glob("*.ipynb")) if source.is_dir() else []:
        try:
            notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        except Exception:  # noqa: BLE001 - malformed: reported in the results already
            continue
        for cell in notebook.cells:
            check = verdicts.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
            if check is not None and cell.cell_type == "code":
                verdict = "passed" if check.passed else f"failed: {check.message}"
                cell.outputs = [
                    nbformat.v4.new_output(  # type: ignore[no-untyped-call]
                        "stream", name="stdout", text=f"{verdict}\n"
                    )
                ]
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target / path.name)  # type: ignore[no-untyped-call]
        written.append(target / path.name)
    if (source / "timestamp.txt").is_file():
        target.mkdir(parents=True, exist_ok=True)
        (target / "timestamp.txt").write_text((source / "timestamp.txt").read_text())
    return written
