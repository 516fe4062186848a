"""Each student's own code per exercise, for the similarity report: the code cells a
student writes in (nbgrader's answer cells and the cells the student added; locked
cells hold the release's code) of a notebook, or the whole ``.py`` file.

Every file is read through ``read_student_file`` (no link followed, size capped); a
file that is refused, is not a notebook, or holds no code is left out, never an error:
the grade run has already told the student why.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from autograder.grading.studentfiles import (
    MAX_STUDENT_FILE_BYTES,
    StudentFileError,
    decode_text,
    read_student_file,
)
from autograder.grading.students import StudentWork

__all__ = ["notebook_code", "student_sources"]


def _text(source: object) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return ""


def _given(cell: dict[str, object]) -> bool:
    """A locked cell that is not an answer: the release's code, the same for all."""
    metadata = cell.get("metadata")
    nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    if not isinstance(nbgrader, dict):
        return False
    return bool(nbgrader.get("locked")) and not nbgrader.get("solution")


def notebook_code(text: str) -> str:
    """The code of a notebook's answer cells and added cells, each after a ``# %%``; ""
    for text that is not a notebook (malformed JSON, too deeply nested, no cells)."""
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError):
        return ""
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        return ""
    parts = [
        _text(cell.get("source")).strip("\n")
        for cell in cells
        if isinstance(cell, dict) and cell.get("cell_type") == "code" and not _given(cell)
    ]
    # The cells as a .py file in the percent format has them: fingerprints never span two.
    return "".join(f"# %%\n{part}\n\n" for part in parts if part.strip())


def _code(work: StudentWork, path: Path, max_bytes: int) -> str | None:
    try:
        data = read_student_file(path, root=work.folder or path.parent, max_bytes=max_bytes)
    except StudentFileError:
        return None
    text = decode_text(data, name=path.name)[0]
    code = notebook_code(text) if path.suffix == ".ipynb" else text
    return code if code.strip() else None


def student_sources(
    work: Sequence[StudentWork],
    exercises: Sequence[str],
    *,
    max_bytes: int = MAX_STUDENT_FILE_BYTES,
) -> dict[str, dict[str, str]]:
    """student -> exercise -> the student's code, for ``find_similar``; a file missing,
    refused (a link, too large, unreadable) or without code is left out."""
    sources: dict[str, dict[str, str]] = {}
    for student in work:
        mine: dict[str, str] = {}
        for exercise in exercises:
            path = student.files.get(exercise)
            code = _code(student, path, max_bytes) if path is not None else None
            if code is not None:
                mine[exercise] = code
        sources[student.student] = mine
    return sources
