"""A class's submissions on disk: who the students are, which file holds which
exercise, and a fingerprint that says whether a student's grade is still current.

Kept free of torch, so a grading run can plan (and skip what is up to date) before it
starts anything heavy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.course import CoursePaths


class GradingError(RuntimeError):
    """The class could not be graded; the message says why and what to do."""


@dataclass(frozen=True)
class StudentWork:
    """One student's files for the exercises being graded (None: not submitted)."""

    student: str
    files: dict[str, Path | None]
    folder: Path | None = None


def _find_file(folder: Path, exercise: str) -> Path | None:
    for name in (f"{exercise}.py", f"{exercise}.ipynb"):
        if (folder / name).is_file():
            return folder / name
    # nbgrader's submitted/<student>/<assignment>/ nests one level deeper.
    nested = sorted(
        p
        for suffix in (".py", ".ipynb")
        for p in folder.glob(f"*/{exercise}{suffix}")
        if ".ipynb_checkpoints" not in p.parts
    )
    return nested[0] if nested else None


def find_students(submissions: Path, exercises: Sequence[str]) -> list[StudentWork]:
    """One ``StudentWork`` per folder under ``submissions`` (hidden folders skipped)."""
    if not submissions.is_dir():
        raise GradingError(
            f"{submissions}: no such folder; give the folder that holds one folder per student"
        )
    folders = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise GradingError(
            f"{submissions}: no student folders in it (expected {submissions}/<student>/"
            f"<exercise>.py or .ipynb)"
        )
    return [StudentWork(f.name, {e: _find_file(f, e) for e in exercises}, f) for f in folders]


def missing_file_message(work: StudentWork, exercise: str) -> str:
    """Why there is nothing to grade for ``exercise``, naming what was handed in instead
    (a renamed notebook: ``corr2d (1).ipynb``, ``Corr2D.ipynb``)."""
    message = f"no submission for {exercise}: expected {exercise}.ipynb or {exercise}.py"
    if work.folder is None:
        return message
    found = sorted(
        p.relative_to(work.folder).as_posix()
        for suffix in ("*.ipynb", "*.py")
        for p in work.folder.rglob(suffix)
        if ".ipynb_checkpoints" not in p.parts
    )
    others = [f for f in found if Path(f).stem not in work.files]
    close = [
        f for f in others if exercise in Path(f).stem.lower().replace(" ", "_").replace("-", "_")
    ]
    if close:
        return f"{message}; found {close[0]}: rename it to {exercise}{Path(close[0]).suffix}"
    if others:
        return f"{message}; the folder has {', '.join(others[:4])}"
    return message + " (the folder has no notebook or .py file for it)"


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
        digest.update(path.read_bytes() if path is not None and path.is_file() else b"-")
    return digest.hexdigest()
