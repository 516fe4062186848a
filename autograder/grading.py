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
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from autograder.course import CoursePaths
from autograder.results import ExerciseScore, RunResult
from autograder.sandbox import Sandbox, find_sandbox
from autograder.students import (
    GradingError,
    StudentWork,
    checks_digest,
    find_students,
    fingerprint,
)
from autograder.workers import WorkerHost

if TYPE_CHECKING:
    from autograder.engine import GradedStudent

__all__ = ["GradeOptions", "GradeReport", "GradingError", "StudentResult", "grade_class"]

RESULTS_VERSION = 1
_PR_SET_PDEATHSIG = 1


class StudentResult(BaseModel):
    """One student's grade: totals, per exercise, and every check."""

    version: int = RESULTS_VERSION
    student: str
    fingerprint: str
    graded_at: str
    sandbox: str
    duration_s: float
    score: float
    possible: float
    exercises: dict[str, ExerciseScore]
    notes: dict[str, str] = {}
    run: RunResult


@dataclass(frozen=True)
class GradeOptions:
    submissions: Path
    out: Path
    exercises: tuple[str, ...]
    jobs: int
    force: bool = False
    seed: int | None = None
    require_sandbox: bool = False
    use_sandbox: bool = True
    batch_size: int = 0  # 0: chosen from the class size and jobs


@dataclass(frozen=True)
class GradeReport:
    graded: int
    skipped: int
    failed: list[str]
    failure: str
    seconds: float
    sandbox: Sandbox
    results: list[StudentResult]
    summary_files: tuple[Path, ...]


# -- 2. plan ---------------------------------------------------------------------
def _result_path(out: Path, student: str) -> Path:
    return out / "students" / f"{student}.json"


def read_result(path: Path) -> StudentResult | None:
    try:
        return StudentResult.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing, half-written by a killed run, or an older format


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


def _init_process(hosts: list[WorkerHost], slots: Any, events: Any) -> None:
    """In a forked grading process: claim one of the zygotes the parent launched."""
    global _HOST, _EVENTS
    # Die with the parent: a grading run killed halfway leaves no orphan still grading.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:
        os._exit(1)
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
    from autograder.engine import grade_batch

    assert _HOST is not None
    paths = CoursePaths(Path(root))
    course = paths.load()

    def write(graded: GradedStudent) -> None:
        result = StudentResult(
            student=graded.student,
            fingerprint=prints[graded.student],
            graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            sandbox=_HOST.sandbox.description if _HOST else "",
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
    if batches:
        # Zygotes first: they import torch in the sandbox while the pool forks. Grading
        # processes are forked from this one, which has torch and pytest imported
        # already and has started no threads yet (see on_start below).
        course = paths.load()
        hosts = [WorkerHost(sandbox, course.grading) for _ in range(jobs)]
        for host in hosts:
            host.launch()
        # Now the heavy imports (torch, pytest, the checks' helpers), while the zygotes
        # load theirs: the grading processes forked below inherit them.
        from autograder.engine import warm_up

        warm_up(paths, course, exercises)

        context = multiprocessing.get_context("fork")
        slots, events = context.SimpleQueue(), context.Queue()
        for index in range(jobs):
            slots.put(index)
        try:
            with ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=context,
                initializer=_init_process,
                initargs=(hosts, slots, events),
            ) as pool:
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
                # Only now, with every grading process forked, may the caller start
                # threads (a progress display): a fork never copies a held lock.
                on_start(*started_args)
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
        finally:
            for host in hosts:
                host.close()
    else:
        on_start(*started_args)
    results = [r for w in students if (r := read_result(_result_path(options.out, w.student)))]
    failed = [s for s in failed if read_result(_result_path(options.out, s)) is None]
    summary = summarize(results, exercises, options.out)
    return GradeReport(
        graded=len(todo) - len(failed),
        skipped=len(students) - len(todo),
        failed=failed,
        failure=failure,
        seconds=time.perf_counter() - started,
        sandbox=sandbox,
        results=results,
        summary_files=summary,
    )


# -- 4. summarize ------------------------------------------------------------------
def summarize(
    results: Sequence[StudentResult], exercises: Sequence[str], out: Path
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
    json_path.write_text(json.dumps({"exercises": list(exercises), "students": rows}, indent=1))
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["student", *exercises, "score", "possible", "notes"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return json_path, csv_path
