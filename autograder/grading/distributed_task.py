"""What one Dask task carries and what it does on a Dask worker.

A task is one batch of students, as DATA: the course files the checks need (course.yml,
the exercises' public and hidden checks, the stubs, and the solutions a quiz's keys are
computed from) and each student's file bytes, read on the client through the safe
reader. So a Dask worker needs the installed package only, not the course repository.

On the worker the task writes the course into a folder of its own (once per worker
process and course), the students' files into a temporary folder, takes this thread's
warm sandboxed ``WorkerHost`` (started on first use, kept for the next batch), runs
``engine.grade_batch`` and returns each student's result as JSON text. It writes no
result file: the client does, so a task retried after a lost worker never doubles one.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from autograder.course.model import CoursePaths, GradingLimits
from autograder.grading.results import StudentResult
from autograder.grading.students import StudentWork
from autograder.sandbox.bwrap import Sandbox, find_sandbox
from autograder.sandbox.cgroups import Controller, StudentCgroup, controllers
from autograder.sandbox.host import WorkerHost

__all__ = ["BatchTask", "StudentFiles", "grade_task", "safe_relative"]


@dataclass(frozen=True)
class StudentFiles:
    """One student as data: exercise -> (path relative to their folder, bytes) or None
    (then ``refused`` holds the reason, worded on the client, who saw the folder)."""

    student: str
    files: dict[str, tuple[str, bytes] | None]
    refused: dict[str, str]
    notes: dict[str, str]


@dataclass(frozen=True)
class BatchTask:
    """Everything a Dask worker needs to grade one batch."""

    course: dict[str, bytes]  # path relative to the course root -> bytes
    exercises: tuple[str, ...]
    seed: int
    students: tuple[StudentFiles, ...]
    require_sandbox: bool
    use_sandbox: bool

    @property
    def course_digest(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.course):
            digest.update(f"{name}\0{len(self.course[name])}\0".encode())
            digest.update(self.course[name])
        return digest.hexdigest()


def safe_relative(name: str) -> PurePosixPath:
    """``name`` as a relative path that stays inside the folder it is joined to."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(p in ("", ".", "..") for p in path.parts):
        raise ValueError(f"{name!r} is not a plain relative path; the task is malformed")
    if "\\" in name or "\0" in name:
        raise ValueError(f"{name!r} is not a plain relative path; the task is malformed")
    return path


def _write_tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = root.joinpath(*safe_relative(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


# -- per Dask worker process: the course folders and the warm sandboxed workers ----
_LOCK = threading.Lock()
_SCRATCH: Path | None = None
_COURSES: dict[str, Path] = {}
_SANDBOXES: dict[tuple[bool, bool], tuple[Sandbox, tuple[list[Controller], str]]] = {}
_HOSTS: list[WorkerHost] = []
_THREAD = threading.local()


def _scratch() -> Path:
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = Path(tempfile.mkdtemp(prefix=f"autograder-dask-{os.getpid()}-"))
        atexit.register(_close_all)
    return _SCRATCH


def _course_root(task: BatchTask) -> Path:
    """The course, written once per worker process (a new course.yml or new checks
    make a new digest, so a changed course is never graded with stale files)."""
    digest = task.course_digest
    with _LOCK:
        if digest not in _COURSES:
            root = _scratch() / f"course-{digest[:16]}"
            shutil.rmtree(root, ignore_errors=True)
            _write_tree(root, task.course)
            _COURSES[digest] = root
        return _COURSES[digest]


def _sandbox(require: bool, allow: bool) -> tuple[Sandbox, tuple[list[Controller], str]]:
    with _LOCK:
        if (require, allow) not in _SANDBOXES:
            cgroups = controllers()
            sandbox = find_sandbox(require=require, allow=allow).with_notices(cgroups[1])
            _SANDBOXES[require, allow] = (sandbox, cgroups)
        return _SANDBOXES[require, allow]


def _host(task: BatchTask, limits: GradingLimits) -> WorkerHost:
    """This thread's warm worker, started by this thread (bubblewrap's die-with-parent
    follows the thread that started it), replaced when it died or the limits changed."""
    key = (task.require_sandbox, task.use_sandbox, limits)
    host: WorkerHost | None = getattr(_THREAD, "host", None)
    alive = host is not None and host.process is not None and host.process.poll() is None
    if host is not None and (not alive or getattr(_THREAD, "key", None) != key):
        host.close()
        host = None
    if host is None:
        sandbox, cgroups = _sandbox(task.require_sandbox, task.use_sandbox)
        host = WorkerHost(sandbox, limits, cgroups)
        host.start()
        _THREAD.host, _THREAD.key = host, key
        with _LOCK:
            _HOSTS.append(host)
    return host


def _close_all() -> None:
    """At the worker process's exit: the zygotes, the cgroups left, the scratch."""
    for host in _HOSTS:
        host.close()
    for _sandbox, (found, _notice) in _SANDBOXES.values():
        StudentCgroup.left_by(found, os.getpid()).remove()
    if _SCRATCH is not None:
        shutil.rmtree(_SCRATCH, ignore_errors=True)


# -- the task ----------------------------------------------------------------------
def grade_task(task: BatchTask) -> list[str]:
    """Grade one batch on this Dask worker; each student's ``StudentResult`` as JSON
    (its ``fingerprint`` is left empty: the client, which planned the run, sets it)."""
    import torch

    from autograder.grading.engine import GradedStudent, grade_batch

    torch.set_num_threads(1)
    paths = CoursePaths(_course_root(task))
    course = paths.load()
    host = _host(task, course.grading)
    results: list[str] = []

    def keep(graded: GradedStudent) -> None:
        result = StudentResult.of(
            graded.student,
            graded.run,
            fingerprint="",
            sandbox=host.description,
            duration_s=graded.duration_s,
            notes=graded.load_notes,
        )
        results.append(result.model_dump_json())

    with tempfile.TemporaryDirectory(prefix="students-", dir=_scratch()) as tmp:
        works = []
        for index, student in enumerate(task.students):
            folder = Path(tmp) / f"s{index}"
            folder.mkdir()
            files: dict[str, Path | None] = {}
            for exercise, held in student.files.items():
                if held is None:
                    files[exercise] = None
                    continue
                name, data = held
                _write_tree(folder, {name: data})
                files[exercise] = folder.joinpath(*safe_relative(name).parts)
            works.append(
                StudentWork(student.student, files, folder, student.refused, student.notes)
            )
        try:
            grade_batch(
                paths=paths,
                course=course,
                host=host,
                students=works,
                exercises=list(task.exercises),
                seed=task.seed,
                on_student=keep,
            )
        except BaseException:
            host.close()  # in an unknown state: the next batch starts a fresh one
            _THREAD.host = None
            raise
    return results
