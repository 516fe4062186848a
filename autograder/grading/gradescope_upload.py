"""What Gradescope hands the autograder: the student's upload and its metadata.

``collect_upload`` finds each exercise's file in ``/autograder/submission`` (at the top,
or in nested folders, as an upload of a folder, a zip or a GitHub repository puts it),
reads it through the one reader of student files (``studentfiles.read_student_file``:
no links followed, no devices, size-capped) and writes the bytes into a class folder
``autograder grade`` reads (``<class>/<student>/<exercise>.py|.ipynb``).

``read_metadata`` reads ``/autograder/submission_metadata.json`` (Gradescope's
"Submission Metadata"): ``created_at`` is the submission time; the due date is, first,
a per-student extension (``users[*].assignment.due_date``; the latest one for a group),
then the assignment's ``assignment.due_date``, then course.yml's; the late rule itself
is ``late.late_penalty``. Missing or malformed metadata: on time, with a note.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.grading.studentfiles import StudentFileError, read_student_file

_SUFFIXES = (".py", ".ipynb")  # the order ``autograder grade`` prefers them in
_MAX_ENTRIES = 5000  # entries of an upload looked at, at most
_MAX_DEPTH = 6
_SKIPPED_FOLDERS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git"}
_MAX_METADATA_BYTES = 32 * 2**20


@dataclass(frozen=True)
class Upload:
    """The exercises found (name in the upload -> copied), and notes for the student."""

    found: dict[str, str] = field(default_factory=dict)  # exercise -> path in the upload
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SubmissionInfo:
    """Who submitted, when, and by when it was due (after any extension)."""

    student: str = "student"
    submitted: datetime | None = None
    due: datetime | None = None
    notes: list[str] = field(default_factory=list)


def _walk(upload: Path) -> list[tuple[str, bool]]:
    """Every file of the upload, as (path relative to it, is a link), shallowest first;
    links are listed, never followed; hidden and system folders are skipped."""
    entries: list[tuple[str, bool]] = []
    seen = 0
    for top, dirs, files in os.walk(upload):  # os.walk never follows links by default
        depth = len(Path(top).relative_to(upload).parts)
        dirs[:] = sorted(
            d
            for d in dirs
            if depth < _MAX_DEPTH and d not in _SKIPPED_FOLDERS and not d.startswith(".")
        )
        for name in sorted(files):
            seen += 1
            if seen > _MAX_ENTRIES:
                return entries
            path = Path(top) / name
            entries.append((path.relative_to(upload).as_posix(), path.is_symlink()))
    return entries


def _rank(relative: str) -> tuple[int, int, str]:
    return (relative.count("/"), _SUFFIXES.index(Path(relative).suffix), relative)


def _near_miss(exercise: str, entries: Sequence[tuple[str, bool]]) -> str:
    for relative, _ in entries:
        path = Path(relative)
        stem = path.stem.lower().replace(" ", "_").replace("-", "_")
        if path.suffix in _SUFFIXES and exercise in stem:
            return f"; found {relative}: rename it to {exercise}{path.suffix}"
    return ""


def collect_upload(upload: Path, exercises: Sequence[str], student_dir: Path) -> Upload:
    """Copy each exercise's file from ``upload`` into ``student_dir`` (made here)."""
    student_dir.mkdir(parents=True, exist_ok=True)
    if not upload.is_dir() or upload.is_symlink():
        return Upload(notes=["No files were uploaded."])
    entries = _walk(upload)
    result = Upload()
    for exercise in exercises:
        names = {f"{exercise}{suffix}" for suffix in _SUFFIXES}
        candidates = sorted((r for r, _ in entries if Path(r).name in names), key=_rank)
        if not candidates:
            result.notes.append(
                f"{exercise}: no {exercise}.ipynb or {exercise}.py in your upload"
                + _near_miss(exercise, entries)
            )
            continue
        chosen = candidates[0]
        if len(candidates) > 1:
            result.notes.append(
                f"{exercise}: graded {chosen}; also uploaded: {', '.join(candidates[1:4])}"
            )
        try:
            data = read_student_file(upload / chosen, root=upload)
        except StudentFileError as error:
            result.notes.append(f"{exercise}: not graded: {error}")
            continue
        (student_dir / f"{exercise}{Path(chosen).suffix}").write_bytes(data)
        result.found[exercise] = chosen
    return result


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value or len(value) > 64:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None  # Gradescope's carry an offset


def _student_id(users: Any) -> str:
    """The student's id: the part of their email before the @ (first user of a group),
    as a folder name; "student" when there is none."""
    if isinstance(users, list) and users and isinstance(users[0], Mapping):
        for key in ("email", "name"):
            value = users[0].get(key)
            if isinstance(value, str) and value.strip():
                local = value.strip().split("@", 1)[0]
                safe = re.sub(r"[^A-Za-z0-9._-]", "_", local)[:64].lstrip(".")
                if safe:
                    return safe
    return "student"


def _extension(users: Any) -> datetime | None:
    """The latest per-student due date among the submitters (a group's most generous)."""
    dates = []
    if isinstance(users, list):
        for user in users[:100]:
            if isinstance(user, Mapping) and isinstance(user.get("assignment"), Mapping):
                moment = _moment(user["assignment"].get("due_date"))
                if moment is not None:
                    dates.append(moment)
    return max(dates) if dates else None


def read_metadata(path: Path, *, course_due: datetime | None) -> SubmissionInfo:
    """The submission's time, due date and student id from Gradescope's metadata."""
    try:
        if path.stat().st_size > _MAX_METADATA_BYTES:
            raise ValueError("too large")
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except FileNotFoundError:
        return SubmissionInfo(
            due=course_due, notes=[f"no {path.name}: the submission counts as on time"]
        )
    except (OSError, ValueError) as error:
        return SubmissionInfo(
            due=course_due,
            notes=[f"{path.name} cannot be read ({error}): the submission counts as on time"],
        )
    notes = []
    submitted = _moment(data.get("created_at"))
    if submitted is None:
        notes.append(f"{path.name} has no readable created_at: the submission counts as on time")
    assignment = data.get("assignment")
    due = _moment(assignment.get("due_date")) if isinstance(assignment, Mapping) else None
    extension = _extension(data.get("users"))
    if extension is not None:
        due = extension
    return SubmissionInfo(
        student=_student_id(data.get("users")),
        submitted=submitted,
        due=due or course_due,
        notes=notes,
    )
