"""The grading processes of a class run: a fork pool, one warm worker each.

``grade_batches`` launches one sandboxed zygote per grading process, forks the pool
(with torch and pytest already imported, so every process starts hot), hands out the
batches and reports each student as their result file lands. Ctrl-C reaches the parent
alone (the grading processes ignore SIGINT, and die with the parent): it kills the
grading processes at once, closes the workers and removes the cgroups they left.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import shutil
import signal
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.queues import Queue, SimpleQueue
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.course.model import CoursePaths
from autograder.grading.classrun import GradeOptions
from autograder.grading.results import StudentResult
from autograder.grading.students import StudentWork
from autograder.sandbox.bwrap import Sandbox
from autograder.sandbox.cgroups import Controller, StudentCgroup
from autograder.sandbox.host import WorkerHost

if TYPE_CHECKING:
    from autograder.grading.engine import GradedStudent

__all__ = ["grade_batches", "result_path"]

_PR_SET_PDEATHSIG = 1


def result_path(out: Path, student: str) -> Path:
    """Where a student's result file lives in a run's output folder."""
    return out / "students" / f"{student}.json"


def write_result(out: Path, result: StudentResult) -> None:
    """A student's result file, written atomically: a killed run never leaves half a one."""
    path = result_path(out, result.student)
    partial = path.with_suffix(".json.partial")
    partial.write_text(result.model_dump_json(indent=1), encoding="utf-8")
    os.replace(partial, path)


# -- in the grading processes ------------------------------------------------------
_HOST: WorkerHost | None = None
_EVENTS: Queue[str] | None = None


def _init_process(
    hosts: list[WorkerHost],
    slots: SimpleQueue[int],
    events: Queue[str],
    pids: SimpleQueue[int],
    scratch: str,
) -> None:
    """In a forked grading process: claim one of the zygotes the parent launched; its
    temporary files go in the run's ``scratch`` folder, which the parent removes even
    when it had to kill this process."""
    global _HOST, _EVENTS
    tempfile.tempdir = scratch
    # Die with the parent: a grading run killed halfway leaves no orphan still grading.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:
        os._exit(1)
    pids.put(os.getpid())
    # Ctrl-C reaches the whole process group; the parent alone decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _HOST = hosts[slots.get()]
    _HOST.wait_ready()
    _EVENTS = events


def _grade_task(
    root: str,
    batch: list[StudentWork],
    exercises: list[str],
    seed: int,
    out: str,
    prints: dict[str, str],
) -> int:
    from autograder.grading.engine import grade_batch

    assert _HOST is not None
    paths = CoursePaths(Path(root))
    course = paths.load()

    def write(graded: GradedStudent) -> None:
        result = StudentResult.of(
            graded.student,
            graded.run,
            fingerprint=prints[graded.student],
            sandbox=_HOST.description if _HOST else "",
            duration_s=graded.duration_s,
            notes=graded.load_notes,
        )
        write_result(Path(out), result)
        if _EVENTS is not None:
            _EVENTS.put(graded.student)

    grade_batch(
        paths=paths,
        course=course,
        host=_HOST,
        students=batch,
        exercises=exercises,
        seed=seed,
        on_student=write,
    )
    return len(batch)


# -- in the parent -------------------------------------------------------------------
def grade_batches(
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
    """Grade the batches in ``jobs`` processes; returns the first failure's message.

    On Ctrl-C (KeyboardInterrupt, here in the parent only: the grading processes ignore
    SIGINT) the grading processes are killed at once rather than waited for, the
    workers closed, and the interrupt goes on to the caller."""
    failure = ""
    course = paths.load()
    hosts: list[WorkerHost] = []
    pool: ProcessPoolExecutor | None = None
    context = multiprocessing.get_context("fork")
    pids: SimpleQueue[int] = context.SimpleQueue()
    scratch = tempfile.mkdtemp(prefix="autograder-run-")
    try:
        # Zygotes first: they import torch in the sandbox while the pool forks. Grading
        # processes are forked from this one, which has torch and pytest imported
        # already and has started no threads yet (see on_start below).
        hosts = [WorkerHost(sandbox, course.grading, cgroups) for _ in range(jobs)]
        for host in hosts:
            host.launch()
        # Now the heavy imports (torch, pytest, the checks' helpers), while the zygotes
        # load theirs: the grading processes forked below inherit them.
        from autograder.grading.engine import warm_up

        if jobs > 1:
            # Paid once here instead of once in each grading process. With one grading
            # process it would be paid twice (here, then again for the first student,
            # whose pytest session does the same imports and first calls): skipped.
            warm_up(paths, course, exercises)
        slots: SimpleQueue[int] = context.SimpleQueue()
        events: Queue[str] = context.Queue()
        for index in range(jobs):
            slots.put(index)
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init_process,
            initargs=(hosts, slots, events, pids, scratch),
        )
        futures: dict[Future[int], list[StudentWork]] = {
            pool.submit(
                _grade_task,
                str(paths.root),
                batch,
                exercises,
                seed,
                str(options.out),
                {w.student: prints[w.student] for w in batch},
            ): batch
            for batch in batches
        }
        # Only now, with every grading process forked, may the caller start threads
        # (a progress display): a fork never copies a held lock.
        on_start()
        pending = set(futures)
        while pending:
            try:
                on_student(events.get(timeout=0.2))
                continue
            except queue.Empty:
                pass
            for future in [f for f in pending if f.done()]:
                pending.discard(future)
                error = future.exception()
                if error is not None:
                    failed.extend(w.student for w in futures[future])
                    failure = failure or f"{type(error).__name__}: {error}"
        while not events.empty():
            on_student(events.get())
        pool.shutdown(wait=True)
        pool = None
    finally:
        grading_processes = []
        while not pids.empty():
            grading_processes.append(pids.get())
        if pool is not None:  # interrupted or failed: stop now, do not wait for the tasks
            for pid in grading_processes:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            pool.shutdown(wait=False, cancel_futures=True)
        for host in hosts:
            host.close()
        # The cgroups each grading process made for its last student (or left when it
        # was killed): the zygotes are gone, so nothing holds them any more.
        for pid in grading_processes:
            StudentCgroup.left_by(cgroups[0], pid).remove()
        shutil.rmtree(scratch, ignore_errors=True)
    return failure
