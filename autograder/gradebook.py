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
import os
import warnings
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.grading import StudentResult
from autograder.notebooks import grade_id_of
from autograder.studentfiles import StudentFileError, decode_text, entry_kind, read_student_file

_MAX_STAMP = 4096  # nbgrader writes about 30 bytes


def read_timestamp(folder: Path, *, root: Path) -> tuple[datetime | None, str]:
    """nbgrader's timestamp.txt of a submission (``root``: the student's folder) and the
    text to copy to ``autograded/`` ('' when none). Any bytes are accepted: a stamp that
    is a link, not UTF-8 or not a date counts as on time, as nbgrader does."""
    from nbgrader.utils import parse_utc

    try:
        data = read_student_file(folder / "timestamp.txt", root=root, max_bytes=_MAX_STAMP)
    except StudentFileError:
        return None, ""
    text, note = decode_text(data, name="timestamp.txt")
    if note:
        return None, ""
    try:
        return parse_utc(text.strip()), text.strip()
    except Exception:  # noqa: BLE001 - a malformed stamp: treat as on time, as nbgrader does
        return None, ""


def _timestamp(folder: Path) -> datetime | None:
    """nbgrader's timestamp.txt of a submission, if there is one (read safely: the
    student's folder is ``submitted/<student>``)."""
    return read_timestamp(folder, root=folder.parent)[0]


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
    formgrader work on the engine's grades. Notebooks are read through the student-file
    reader (no link followed, no hard link, size-capped): a refused or unreadable
    notebook is skipped (nbgrader could not read it either; the result's notes say why).
    Only what was read is written: a link's target never reaches ``autograded/``."""
    import nbformat

    student_folder = course_dir / "submitted" / result.student
    source = student_folder / assignment
    target = course_dir / "autograded" / result.student / assignment
    verdicts = {grade_id_of(c.exercise, c.id): c for c in result.run.checks}
    written = []
    names = [n for n in _names(source) if n.endswith(".ipynb")] if _is_folder(source) else []
    for name in names:
        try:
            data = read_student_file(source / name, root=student_folder)
            notebook = nbformat.reads(  # type: ignore[no-untyped-call]
                data.decode("utf-8"), as_version=4
            )
        except Exception:  # noqa: BLE001 - refused or malformed: the results' notes say why
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
        if (target / name).is_symlink():  # never write through a link left there
            (target / name).unlink()
        nbformat.write(notebook, target / name)  # type: ignore[no-untyped-call]
        written.append(target / name)
    stamp, text = read_timestamp(source, root=student_folder)
    if stamp is not None:
        target.mkdir(parents=True, exist_ok=True)
        (target / "timestamp.txt").unlink(missing_ok=True)
        (target / "timestamp.txt").write_text(text + "\n", encoding="utf-8")
    return written


def _is_folder(path: Path) -> bool:
    """A real folder (a link to one is not: nothing is read through it)."""
    return entry_kind(path.parent, path.name) == "folder"


def _names(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []
