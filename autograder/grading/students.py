"""A class's submissions on disk: who the students are, which file holds which
exercise, and a fingerprint that says whether a student's grade is still current.

Kept free of torch, so a grading run can plan (and skip what is up to date) before it
starts anything heavy.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.course.model import CoursePaths
from autograder.grading.studentfiles import (
    StudentFileError,
    decode_text,
    entry_kind,
    read_student_file,
    subfolders,
)


class GradingError(RuntimeError):
    """The class could not be graded; the message says why and what to do."""


@dataclass(frozen=True)
class StudentWork:
    """One student's files for the exercises being graded (None: not submitted, or
    refused: ``refused`` then says why, e.g. the file is a symbolic link)."""

    student: str
    files: dict[str, Path | None]
    folder: Path | None = None
    refused: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # on the folder, e.g. its timestamp


def _find_file(folder: Path, exercise: str) -> tuple[Path | None, str]:
    """The file that holds ``exercise`` (its own ``.py``/``.ipynb``, else one in a
    subfolder: nbgrader's ``<student>/<assignment>/``) and, if it is refused, why.
    No link is followed: a regular file is preferred to a link of the same exercise."""
    names = (f"{exercise}.py", f"{exercise}.ipynb")
    found = [(folder / n, k) for n in names if (k := entry_kind(folder, n)) != "missing"]
    linked: list[str] = []
    if not any(kind == "file" for _, kind in found):
        nested = []
        for sub, is_link in subfolders(folder):
            if is_link:
                linked.append(sub)
            elif sub != ".ipynb_checkpoints":
                nested += [(folder / sub / n, entry_kind(folder / sub, n)) for n in names]
        found += sorted(item for item in nested if item[1] != "missing")
    for path, kind in found:
        if kind == "file":
            return path, ""
    if found:
        path, kind = found[0]
        return None, f"{path.relative_to(folder).as_posix()} is {kind}; submit the file itself"
    if linked:
        return None, f"{linked[0]} is a symbolic link; submit the folder itself"
    return None, ""


def _student(folder: Path, is_link: bool, exercises: Sequence[str]) -> StudentWork:
    if is_link:
        reason = f"the student folder {folder.name} is a symbolic link; submit the folder itself"
        return StudentWork(
            folder.name, dict.fromkeys(exercises), folder, dict.fromkeys(exercises, reason)
        )
    files: dict[str, Path | None] = {}
    refused: dict[str, str] = {}
    for exercise in exercises:
        path, reason = _find_file(folder, exercise)
        if path is not None:
            try:  # the checks a read makes (hard links, size, FIFOs) before grading
                read_student_file(path, root=folder)
            except StudentFileError as error:
                path, reason = None, str(error)
        files[exercise] = path
        if reason:
            refused[exercise] = reason
    return StudentWork(folder.name, files, folder, refused, _stamp_notes(folder))


def _stamp_notes(folder: Path) -> dict[str, str]:
    """A note for an nbgrader ``timestamp.txt`` that cannot be read as text (it then
    counts as on time, as nbgrader does); the stamp's date itself is read later."""
    inner = [sub for sub, is_link in subfolders(folder) if not is_link]
    for where in (folder, *(folder / sub for sub in inner[:50])):
        if entry_kind(where, "timestamp.txt") == "missing":
            continue
        stamp = where / "timestamp.txt"
        shown = stamp.relative_to(folder).as_posix()
        try:
            data = read_student_file(stamp, root=folder, max_bytes=4096)
            note = decode_text(data, name=shown)[1]
        except StudentFileError as error:
            note = str(error)
        if note:
            return {"timestamp.txt": f"{note}; the submission counts as on time"}
    return {}


def find_students(submissions: Path, exercises: Sequence[str]) -> list[StudentWork]:
    """One ``StudentWork`` per folder under ``submissions`` (hidden folders skipped).

    Student files are never followed through a link: a file or folder that is one is
    refused, with the reason in ``StudentWork.refused`` (the student's note)."""
    if not submissions.is_dir():
        raise GradingError(
            f"{submissions}: no such folder; give the folder that holds one folder per student"
        )
    folders = [(n, link) for n, link in subfolders(submissions) if not n.startswith(".")]
    if not folders:
        raise GradingError(
            f"{submissions}: no student folders in it (expected {submissions}/<student>/"
            f"<exercise>.py or .ipynb)"
        )
    return [_student(submissions / name, link, exercises) for name, link in folders]


def missing_file_message(work: StudentWork, exercise: str) -> str:
    """Why there is nothing to grade for ``exercise``, naming what was handed in instead
    (a renamed notebook: ``corr2d (1).ipynb``, ``Corr2D.ipynb``)."""
    if exercise in work.refused:
        return work.refused[exercise]
    message = f"no submission for {exercise}: expected {exercise}.ipynb or {exercise}.py"
    if work.folder is None:
        return message
    found = sorted(_handed_in(work.folder))
    others = [f for f in found if Path(f).stem not in work.files]
    close = [
        f for f in others if exercise in Path(f).stem.lower().replace(" ", "_").replace("-", "_")
    ]
    if close:
        return f"{message}; found {close[0]}: rename it to {exercise}{Path(close[0]).suffix}"
    if others:
        return f"{message}; the folder has {', '.join(others[:4])}"
    return message + " (the folder has no notebook or .py file for it)"


def _handed_in(folder: Path, limit: int = 1000) -> list[str]:
    """Names of the notebooks and .py files under ``folder`` (links not followed; at
    most ``limit`` entries looked at, so a folder of a million files costs nothing)."""
    names: list[str] = []
    seen = 0
    for top, dirs, files in os.walk(folder):  # os.walk never follows links by default
        dirs[:] = sorted(d for d in dirs if d != ".ipynb_checkpoints")
        for name in files:
            seen += 1
            if seen > limit:
                return names
            if name.endswith((".ipynb", ".py")):
                names.append((Path(top) / name).relative_to(folder).as_posix())
    return names


def checks_digest(paths: CoursePaths, exercises: Sequence[str], seed: Any) -> str:
    """What every student's grade depends on: the checks, course.yml and the seed."""
    digest = hashlib.sha256(f"seed={seed}\n".encode())
    digest.update(paths.course_file.read_bytes())
    for exercise in exercises:
        for test in (paths.public_test(exercise), paths.hidden_test(exercise)):
            digest.update(test.read_bytes())
    return digest.hexdigest()


def fingerprint(work: StudentWork, exercises: Sequence[str], checks: str) -> str:
    """Changes when the student's files or ``checks`` (``checks_digest``) change."""
    digest = hashlib.sha256(checks.encode())
    for exercise in exercises:
        path = work.files.get(exercise)
        digest.update(f"{exercise}:".encode())
        if path is None:
            digest.update(f"-{work.refused.get(exercise, '')}".encode())
            continue
        try:
            digest.update(read_student_file(path, root=work.folder or path.parent))
        except StudentFileError as error:
            digest.update(f"refused:{error}".encode())
    return digest.hexdigest()
