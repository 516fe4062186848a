"""The notebooks nbgrader's autograde would leave in ``autograded/``, from the engine's
verdicts, so ``nbgrader generate_feedback`` and the formgrader show *why* each check
failed, not only the score.

Those tools show a grade cell's outputs next to the score they read from the gradebook.
nbgrader itself first repairs the submitted notebook against the release (its
``OverwriteCells`` and ``DeduplicateIds`` steps); here the same, from the released
notebook the student was given:

- a cell claiming a grade id the release does not have, a second copy of one, or one of
  the wrong cell type, loses its nbgrader metadata (a plain cell, as nbgrader does);
- grade cells keep the release's metadata, and locked ones its text (the check cells'
  text, without the hidden part), whatever the student changed;
- grade cells missing from the submission (deleted, or a notebook made without the
  release, e.g. by jupytext) are added back at the end, with a note saying so;
- each check's cell shows its verdict: a passed check a line on stdout, a failed one
  an ``AssertionError`` with the check's message, the output nbgrader's own grade cells
  leave (and that its ``determine_grade`` reads as the same score);
- a notebook that cannot be read becomes a note saying so, then the check cells.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from autograder.course.notebooks import grade_id_of
from autograder.grading.results import CheckResult, StudentResult
from autograder.grading.studentfiles import (
    StudentFileError,
    decode_text,
    entry_kind,
    read_student_file,
)

__all__ = ["autograded_notebook", "read_timestamp", "write_autograded"]

MISSING_NOTE = (
    "The graded cells below were missing from the submitted notebook; they were added "
    "back to show each check's result."
)


def _nbgrader(cell: NotebookNode) -> dict[str, Any] | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else None


def _counts(meta: dict[str, Any]) -> bool:
    """A cell nbgrader's tools look up in the gradebook: grade, answer or task cells."""
    return bool(meta.get("grade") or meta.get("solution") or meta.get("task"))


def _verdict_outputs(check: CheckResult) -> list[NotebookNode]:
    name = check.id.split("::", 1)[-1]
    warnings = f" (warnings: {'; '.join(check.warnings)})" if check.warnings else ""
    if check.passed:
        text = f"passed: {name}{warnings}\n"
        return [nbformat.v4.new_output("stream", name="stdout", text=text)]  # type: ignore[no-untyped-call]
    if check.outcome == "skipped":
        text = f"skipped: {name}: {check.message or 'not run here'}\n"
        return [nbformat.v4.new_output("stream", name="stdout", text=text)]  # type: ignore[no-untyped-call]
    message = (check.message or check.outcome) + warnings
    return [
        nbformat.v4.new_output(  # type: ignore[no-untyped-call]
            "error",
            ename="AssertionError",
            evalue=message,
            traceback=[f"AssertionError: {message}"],
        )
    ]


def autograded_notebook(
    submitted: NotebookNode | None,
    release: NotebookNode,
    verdicts: Mapping[str, CheckResult],
    *,
    unreadable: str = "",
) -> NotebookNode:
    """The autograded form of one notebook; see the module doc. ``submitted``: the
    student's notebook (None: it could not be read, ``unreadable`` says why);
    ``verdicts``: grade id -> the check's result."""
    graded = {
        meta["grade_id"]: cell
        for cell in release.cells
        if (meta := _nbgrader(cell)) is not None and _counts(meta) and "grade_id" in meta
    }
    notebook = copy.deepcopy(release)
    cells: list[NotebookNode] = []
    if submitted is None:
        note = f"This notebook could not be read: {unreadable or 'not a valid notebook'}."
        cells.append(nbformat.v4.new_markdown_cell(note))  # type: ignore[no-untyped-call]
    seen: set[str] = set()
    for cell in submitted.cells if submitted is not None else []:
        meta = _nbgrader(cell)
        if meta is None or not _counts(meta):
            if meta is None:
                cell.metadata.pop("nbgrader", None)  # malformed: a plain cell
            cells.append(cell)
            continue
        grade_id = meta.get("grade_id")
        given = graded.get(grade_id) if isinstance(grade_id, str) else None
        if given is None or grade_id in seen or given.cell_type != cell.cell_type:
            # Unknown, repeated or retyped: a plain cell, as nbgrader's repair leaves it
            # (generate_feedback would stop at a grade id the gradebook does not know).
            cell.metadata.pop("nbgrader")
            cells.append(cell)
            continue
        seen.add(str(grade_id))
        cells.append(_restore(cell, given))
    missing = [
        cell
        for grade_id, cell in graded.items()
        if grade_id not in seen and cell.metadata["nbgrader"].get("grade")
    ]
    if missing and submitted is not None:
        cells.append(nbformat.v4.new_markdown_cell(MISSING_NOTE))  # type: ignore[no-untyped-call]
    for given in missing:
        added = copy.deepcopy(given)
        if added.cell_type == "markdown" and (_nbgrader(added) or {}).get("solution"):
            added.source = "No answer: this cell was missing from the submission."
        cells.append(added)
    for cell in cells:
        meta = _nbgrader(cell)
        check = verdicts.get(str(meta.get("grade_id"))) if meta is not None else None
        if check is not None and cell.cell_type == "code":
            cell.outputs = _verdict_outputs(check)
            cell.execution_count = None
    notebook.cells = cells
    return notebook


def _restore(cell: NotebookNode, given: NotebookNode) -> NotebookNode:
    """The release's metadata (and, for a locked cell, its text) on a grade cell."""
    cell.metadata["nbgrader"] = copy.deepcopy(given.metadata["nbgrader"])
    if given.metadata["nbgrader"].get("locked"):
        cell.source = given.source
    return cell


def write_autograded(course_dir: Path, assignment: str, result: StudentResult) -> list[Path]:
    """``autograded/<student>/<assignment>/<exercise>.ipynb`` for every released
    notebook the student handed in (see the module doc), and their ``timestamp.txt``.

    The student's files are read through the student-file reader (no link followed, no
    hard link, size-capped): a refused or unreadable notebook becomes the release with a
    note, so what a link points to never reaches ``autograded/``."""
    student_folder = course_dir / "submitted" / result.student
    source = student_folder / assignment
    target = course_dir / "autograded" / result.student / assignment
    verdicts = {grade_id_of(c.exercise, c.id): c for c in result.run.checks}
    written: list[Path] = []
    if entry_kind(student_folder, assignment) != "folder":
        return written  # none handed in, or a link: nothing is read through it
    for release_path in sorted((course_dir / "release" / assignment).glob("*.ipynb")):
        name = release_path.name
        if entry_kind(source, name) == "missing":
            continue  # not handed in: nbgrader scores it zero and gives no feedback
        release = nbformat.read(release_path, as_version=4)  # type: ignore[no-untyped-call]
        note = result.notes.get(release_path.stem, "")
        try:
            data = read_student_file(source / name, root=student_folder)
            submitted = nbformat.reads(data.decode("utf-8"), as_version=4)  # type: ignore[no-untyped-call]
            notebook = autograded_notebook(submitted, release, verdicts, unreadable=note)
        except StudentFileError as error:
            notebook = autograded_notebook(None, release, verdicts, unreadable=str(error))
        except Exception:  # noqa: BLE001 - malformed: a note in the feedback instead
            notebook = autograded_notebook(None, release, verdicts, unreadable=note)
        target.mkdir(parents=True, exist_ok=True)
        (target / name).unlink(missing_ok=True)  # never write through a link left there
        nbformat.write(notebook, target / name)  # type: ignore[no-untyped-call]
        written.append(target / name)
    stamp, text = read_timestamp(source, root=student_folder)
    if stamp is not None:
        target.mkdir(parents=True, exist_ok=True)
        (target / "timestamp.txt").unlink(missing_ok=True)
        (target / "timestamp.txt").write_text(text + "\n", encoding="utf-8")
    try:  # nbgrader's release_feedback names the feedback with the submission's secret
        secret = read_student_file(source / _SECRET, root=student_folder, max_bytes=_MAX_STAMP)
    except StudentFileError:
        secret = None  # none (not from the exchange), a link, or too big: nothing copied
    if secret is not None:
        target.mkdir(parents=True, exist_ok=True)
        (target / _SECRET).unlink(missing_ok=True)
        (target / _SECRET).write_bytes(secret)
    return written


_SECRET = "submission_secret.txt"  # written by nbgrader submit, about 128 bytes


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
