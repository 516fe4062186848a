"""``autograder grade``: a whole class, in parallel, sandboxed, resumable.

The pipeline, top to bottom:

1. ``find_students``: one folder per student under the submissions folder.
2. ``plan``: each student's fingerprint (their files, the checks, course.yml, the
   seed); students whose result file already carries that fingerprint are skipped.
3. ``grade`` (``grading/pool.py``): batches of students go to ``jobs`` grading
   processes; each owns one warm sandboxed worker (``sandbox.host.WorkerHost``) and runs
   one pytest session per batch (``engine.grade_batch``). Each student's result is
   written, atomically, as soon as that student is done, so a run killed halfway resumes
   where it stopped.
4. ``summarize`` (``grading/summary.py``): the class summary (JSON and CSV) from every
   student's result file.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from autograder.course.model import CoursePaths
from autograder.grading.classrun import GradeOptions, GradeReport
from autograder.grading.pool import grade_batches, result_path
from autograder.grading.results import read_result
from autograder.grading.students import (
    GradingError,
    StudentWork,
    checks_digest,
    find_students,
    fingerprint,
)
from autograder.grading.summary import summarize
from autograder.sandbox.bwrap import Sandbox, find_sandbox
from autograder.sandbox.cgroups import controllers

__all__ = ["GradingError", "GradingInterrupted", "grade_class", "summarize"]


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
        old = read_result(result_path(options.out, work.student))
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
        if options.scheduler:  # a Dask cluster (grading/distributed.py), same contract
            from autograder.grading.distributed import grade_batches_dask as grade
        else:
            grade = grade_batches
        try:
            failure = grade(
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
    results = [r for w in students if (r := read_result(result_path(options.out, w.student)))]
    failed = [s for s in failed if read_result(result_path(options.out, s)) is None]
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
    old = read_result(result_path(out, work.student))
    return old is not None and old.fingerprint == prints[work.student]
