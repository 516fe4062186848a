"""Grading a class on a Dask cluster: ``autograder grade ... --scheduler tcp://HOST:PORT``.

The same contract as the local pool (``grading/pool.py``, ``grade_batches``): batches
of students in, one result file per student out, written atomically as each lands, so a
run stopped halfway resumes exactly as a local one does. Here each batch is one Dask
task (``distributed_task.py``) that carries the checks and the students' file bytes as
data; any Dask worker with the package installed can run it, in its own sandbox.

Only this process, the client, writes results, each once, as the futures complete. A
Dask worker lost mid-batch is Dask's business: the scheduler runs its tasks again on
another worker, and since a lost task wrote nothing, no result is lost or doubled.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.course.model import COURSE_FILE, CoursePaths
from autograder.grading.classrun import GradeOptions
from autograder.grading.distributed_task import BatchTask, StudentFiles, grade_task
from autograder.grading.pool import write_result
from autograder.grading.results import StudentResult
from autograder.grading.studentfiles import StudentFileError, read_student_file
from autograder.grading.students import GradingError, StudentWork, missing_file_message
from autograder.sandbox.bwrap import Sandbox
from autograder.sandbox.cgroups import Controller

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["connect", "course_files", "grade_batches_dask", "student_files"]

_ADDRESS = re.compile(r"^(tcp|tls)://[^\s/:]+(:\d{1,5})$|^(tcp|tls)://\[[0-9a-fA-F:]+\]:\d{1,5}$")
_QUIZ_MARK = "QuizChecks("


def connect(address: str, timeout_s: float) -> Client:
    """A client of the scheduler at ``address`` with at least one worker, or a
    ``GradingError`` saying what is wrong, after ``timeout_s`` at most."""
    if not _ADDRESS.match(address):
        raise GradingError(
            f"--scheduler {address!r}: expected the scheduler's address as tcp://HOST:PORT "
            "(as `dask scheduler` prints it), e.g. tcp://10.0.0.5:8786"
        )
    from distributed import Client

    try:
        client = Client(address, timeout=timeout_s, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise GradingError(
            f"cannot reach the Dask scheduler at {address} within {timeout_s:g} s ({error}); "
            "check the address and that `dask scheduler` is running there"
        ) from None
    try:
        client.wait_for_workers(1, timeout=timeout_s)
    except (OSError, TimeoutError):
        client.close()  # type: ignore[no-untyped-call]
        raise GradingError(
            f"the Dask scheduler at {address} has no worker after {timeout_s:g} s; start "
            f"some with `dask worker {address}` on machines with this package installed"
        ) from None
    return client


def course_files(paths: CoursePaths, exercises: Sequence[str]) -> dict[str, bytes]:
    """The course files the checks of ``exercises`` read, by path relative to the root:
    course.yml, the public and hidden checks, the stub (a quiz's form, the free-text
    points) and, for a quiz, the solution its keys are computed from."""
    files = {COURSE_FILE: paths.course_file.read_bytes()}
    for exercise in exercises:
        for path in (paths.public_test(exercise), paths.hidden_test(exercise)):
            if not path.is_file():
                raise GradingError(f"{path} is missing; run `autograder check` to see why")
            files[path.relative_to(paths.root).as_posix()] = path.read_bytes()
        if paths.stub(exercise).is_file():
            files[f"exercises/{exercise}.py"] = paths.stub(exercise).read_bytes()
        if _QUIZ_MARK.encode() in files[f"tests/hidden/test_{exercise}.py"]:
            files[f"solutions/{exercise}.py"] = paths.solution(exercise).read_bytes()
    return files


def student_files(work: StudentWork, exercises: Sequence[str]) -> StudentFiles:
    """A student as data, read here through the safe reader; what the engine would say
    of a missing file (it looks at the folder, which the worker does not have) is
    worded here."""
    files: dict[str, tuple[str, bytes] | None] = {}
    refused = dict(work.refused)
    for exercise in exercises:
        path = work.files.get(exercise)
        if path is not None:
            root = work.folder or path.parent
            try:
                data = read_student_file(path, root=root)
                files[exercise] = (path.relative_to(root).as_posix(), data)
                continue
            except (StudentFileError, ValueError) as error:
                refused[exercise] = str(error)
        files[exercise] = None
        refused[exercise] = missing_file_message(
            StudentWork(work.student, {**work.files, exercise: None}, work.folder, refused),
            exercise,
        )
    return StudentFiles(work.student, files, refused, dict(work.notes))


def _rebatch(batches: list[list[StudentWork]], slots: int) -> list[list[StudentWork]]:
    """Batches sized for the cluster's threads rather than this machine's cores."""
    todo = [work for batch in batches for work in batch]
    size = max(1, min(16, -(-len(todo) // (max(1, slots) * 3))))
    return [todo[i : i + size] for i in range(0, len(todo), size)]


def grade_batches_dask(
    paths: CoursePaths,
    options: GradeOptions,
    sandbox: Sandbox,
    cgroups: tuple[list[Controller], str],
    batches: list[list[StudentWork]],
    jobs: int,
    exercises: list[str],
    seed: int,
    prints: dict[str, str],
    *,
    on_start: Callable[[], None],
    on_student: Callable[[str], None],
    failed: list[str],
) -> str:
    """``pool.grade_batches`` on the Dask cluster at ``options.scheduler``; returns the
    first failure's message (``sandbox``, ``cgroups`` and ``jobs`` are this machine's:
    each Dask worker finds its own sandbox; batches follow the cluster's threads)."""
    from distributed import as_completed

    assert options.scheduler is not None
    client = connect(options.scheduler, options.scheduler_timeout_s)
    futures = []
    try:
        if not options.batch_size:
            threads = client.nthreads()  # type: ignore[no-untyped-call]
            batches = _rebatch(batches, sum(threads.values()))
        course = course_files(paths, exercises)
        owners: dict[str, list[str]] = {}
        for index, batch in enumerate(batches):
            task = BatchTask(
                course=course,
                exercises=tuple(exercises),
                seed=seed,
                students=tuple(student_files(work, exercises) for work in batch),
                require_sandbox=options.require_sandbox,
                use_sandbox=options.use_sandbox,
            )
            key = f"autograder-batch-{index}-{batch[0].student}-{os.urandom(4).hex()}"
            future = client.submit(grade_task, task, key=key, pure=False, retries=2)
            futures.append(future)
            owners[str(future.key)] = [work.student for work in batch]
        on_start()
        completed = as_completed(futures, loop=client.loop)  # type: ignore[no-untyped-call]
        return _collect(completed, owners, options.out, prints, on_student, failed)
    finally:
        if futures:
            client.cancel(futures)  # type: ignore[no-untyped-call]
        client.close()  # type: ignore[no-untyped-call]


def _collect(
    completed: object,
    owners: dict[str, list[str]],
    out: Path,
    prints: dict[str, str],
    on_student: Callable[[str], None],
    failed: list[str],
) -> str:
    """Write each batch's results as its future completes, each student once."""
    failure = ""
    written: set[str] = set()
    for future in completed:  # type: ignore[attr-defined]
        students = owners[str(future.key)]
        error = future.exception() if future.status == "error" else None
        if future.status == "cancelled":
            error = RuntimeError("the task was cancelled")
        if error is not None:
            failed.extend(s for s in students if s not in written)
            failure = failure or f"{type(error).__name__}: {error}"
            continue
        texts = future.result()
        for text in texts:
            result = StudentResult.model_validate_json(text)
            if result.student not in students or result.student in written:
                continue  # not this batch's, or already written: never twice
            write_result(out, result.model_copy(update={"fingerprint": prints[result.student]}))
            written.add(result.student)
            on_student(result.student)
        missing = [s for s in students if s not in written]
        if missing:
            failed.extend(missing)
            failure = failure or f"no result came back for {', '.join(missing)}"
    return failure
