"""``autograder grade``: a whole class, in parallel, sandboxed, resumable.

The pipeline, top to bottom:

1. ``find_students``: one folder per student under the submissions folder.
2. ``plan``: each student's fingerprint (their files, the checks, course.yml, the
   seed); students whose result file already carries that fingerprint are skipped.
3. ``grade``: batches of students go to ``jobs`` grading processes; each owns one warm
   sandboxed worker (``workers.WorkerHost``) and runs one pytest session per batch
   (``engine.grade_batch``). Each student's result is written, atomically, as soon as
   that student is done, so a run killed halfway resumes where it stopped.
4. ``summarize``: the class summary (JSON and CSV) from every student's result file.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import json
import multiprocessing
import os
import queue
import random
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograder.course.model import CoursePaths
from autograder.grading.results import (
    GradeOptions,
    GradeReport,
    StudentResult,
    read_result,
)
from autograder.grading.students import (
    GradingError,
    StudentWork,
    checks_digest,
    find_students,
    fingerprint,
)
from autograder.sandbox.bwrap import Sandbox, find_sandbox
from autograder.sandbox.cgroups import StudentCgroup, controllers
from autograder.sandbox.host import WorkerHost

if TYPE_CHECKING:
    from autograder.grading.engine import GradedStudent

__all__ = ["GradingError", "GradingInterrupted", "grade_class"]

_PR_SET_PDEATHSIG = 1


class GradingInterrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) stopped the run: every finished student's result is kept, the
    grading processes and workers are gone, and the next run resumes."""

    def __init__(self, report: GradeReport) -> None:
        super().__init__(
            f"interrupted: {report.graded} student(s) graded and kept, "
            f"{len(report.failed)} not graded; run the same command again to grade the rest"
        )
        self.report = report


# -- 2. plan ---------------------------------------------------------------------
def _result_path(out: Path, student: str) -> Path:
    return out / "students" / f"{student}.json"


def _run_seed(out: Path, options: GradeOptions) -> int:
    """The run's seed: given, or kept in out/run.json so a resumed run reuses it."""
    state = out / "run.json"
    if options.seed is not None:
        seed = options.seed
    else:
        old = json.loads(state.read_text()) if state.is_file() and not options.force else {}
        seed = int(old.get("seed", random.SystemRandom().randrange(2**31)))
    state.write_text(json.dumps({"seed": seed}))
    return seed


# -- 3. grade (in the grading processes) -------------------------------------------
_HOST: WorkerHost | None = None
_EVENTS: Any = None


def _init_process(hosts: list[WorkerHost], slots: Any, events: Any, pids: Any) -> None:
    """In a forked grading process: claim one of the zygotes the parent launched."""
    global _HOST, _EVENTS
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
        result = StudentResult(
            student=graded.student,
            fingerprint=prints[graded.student],
            graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            sandbox=_HOST.description if _HOST else "",
            duration_s=round(graded.duration_s, 4),
            score=graded.run.score,
            possible=graded.run.max_score,
            exercises=graded.run.by_exercise(),
            notes=graded.load_notes,
            run=graded.run,
        )
        path = _result_path(Path(out), graded.student)
        partial = path.with_suffix(".json.partial")
        partial.write_text(result.model_dump_json(indent=1), encoding="utf-8")
        os.replace(partial, path)  # atomic: a killed run never leaves half a result
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


# -- the whole run -----------------------------------------------------------------
def grade_class(
    paths: CoursePaths,
    options: GradeOptions,
    *,
    on_start: Callable[[int, int, Sandbox], None] = lambda total, skipped, sandbox: None,
    on_student: Callable[[str], None] = lambda student: None,
) -> GradeReport:
    """Grade every student folder under ``options.submissions``; see the module doc."""
    started = time.perf_counter()
    sandbox = find_sandbox(require=options.require_sandbox, allow=options.use_sandbox)
    cgroups = controllers()
    sandbox = sandbox.with_notices(cgroups[1])
    exercises = list(options.exercises)
    students = find_students(options.submissions, exercises)
    (options.out / "students").mkdir(parents=True, exist_ok=True)
    seed = _run_seed(options.out, options)
    checks = checks_digest(paths, exercises, seed)
    prints = {work.student: fingerprint(work, exercises, checks) for work in students}
    todo: list[StudentWork] = []
    for work in students:
        old = read_result(_result_path(options.out, work.student))
        if options.force or old is None or old.fingerprint != prints[work.student]:
            todo.append(work)
    started_args = (len(students), len(students) - len(todo), sandbox)
    jobs = max(1, min(options.jobs, len(todo))) if todo else 1
    size = options.batch_size or max(1, min(16, -(-len(todo) // (jobs * 3))))
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    failed: list[str] = []
    failure = ""
    interrupted = False
    if batches:
        try:
            failure = _grade_batches(
                paths,
                options,
                sandbox,
                cgroups,
                batches,
                jobs,
                exercises,
                seed,
                prints,
                on_start=lambda: on_start(*started_args),
                on_student=on_student,
                failed=failed,
            )
        except KeyboardInterrupt:
            interrupted = True
            done = {w.student for w in todo if _is_current(options.out, w, prints)}
            failed = [w.student for w in todo if w.student not in done]
            failure = "interrupted (Ctrl-C)"
    else:
        on_start(*started_args)
    results = [r for w in students if (r := read_result(_result_path(options.out, w.student)))]
    failed = [s for s in failed if read_result(_result_path(options.out, s)) is None]
    summary = summarize(results, exercises, options.out, sandbox=sandbox.summary)
    report = GradeReport(
        graded=len(todo) - len(failed),
        skipped=len(students) - len(todo),
        failed=failed,
        failure=failure,
        seconds=time.perf_counter() - started,
        sandbox=sandbox,
        results=results,
        summary_files=summary,
    )
    if interrupted:
        raise GradingInterrupted(report)
    return report


def _is_current(out: Path, work: StudentWork, prints: dict[str, str]) -> bool:
    old = read_result(_result_path(out, work.student))
    return old is not None and old.fingerprint == prints[work.student]


def _grade_batches(
    paths: CoursePaths,
    options: GradeOptions,
    sandbox: Sandbox,
    cgroups: Any,
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
    pids: Any = context.SimpleQueue()
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

        warm_up(paths, course, exercises)
        slots, events = context.SimpleQueue(), context.Queue()
        for index in range(jobs):
            slots.put(index)
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init_process,
            initargs=(hosts, slots, events, pids),
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
    return failure


# -- 4. summarize ------------------------------------------------------------------
def summarize(
    results: Sequence[StudentResult], exercises: Sequence[str], out: Path, *, sandbox: str = ""
) -> tuple[Path, Path]:
    rows = []
    for result in results:
        row: dict[str, Any] = {"student": result.student}
        for exercise in exercises:
            score = result.exercises.get(exercise)
            row[exercise] = score.earned if score else 0.0
        row.update(
            score=result.score,
            possible=result.possible,
            notes="; ".join(f"{e}: {n}" for e, n in result.notes.items())[:300],
        )
        rows.append(row)
    json_path, csv_path = out / "summary.json", out / "summary.csv"
    json_path.write_text(
        json.dumps({"exercises": list(exercises), "sandbox": sandbox, "students": rows}, indent=1)
    )
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["student", *exercises, "score", "possible", "notes"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return json_path, csv_path
