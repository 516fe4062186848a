"""The ways to grade the benchmark's class, each timed as a whole command.

Every run is a child process of the benchmark, started and waited for one at a time,
so its CPU time (user + system of the whole process tree: grading processes, sandboxed
workers, Jupyter kernels) is the growth of ``os.times()``'s children counters across
it. CPU time does not depend on what else the machine is running; wall time does, so
ratios are taken on CPU time and wall time is reported beside it.

- ``engine``: ``autograder grade CLASS --jobs J`` (sandboxed; the whole command:
  start-up, grading, summary, feedback, exports, class report).
- ``sandboxed`` / ``in-process``: the checks alone (``grade_class``; no exports), in
  this script started again with ``--mode``: the sandboxed pool with one grading
  process, against the engine's own batches with an in-process transport instead of
  sandboxed workers (``engine.InProcessHost``), same batch sizes. Their difference is
  the cost of the isolation.
- ``nbgrader``: ``nbgrader autograde ASSIGNMENT`` on a subset (serial, a fresh kernel
  per notebook); a student it fails on is counted, never fatal.
- ``dask``: ``autograder grade --scheduler`` on a ``LocalCluster`` of 1 and 2 workers,
  only where ``autograder.grading.distributed`` exists.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.course.model import CoursePaths

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED = 1
_CPUACCT = Path("/sys/fs/cgroup/cpuacct")  # cgroup v1's CPU accounting, where mounted


class CpuMeter:
    """The CPU time of a command's whole process tree.

    Where cgroup v1's ``cpuacct`` can be written (root), the command runs in a cgroup of
    its own, which every process it starts stays in, the sandboxed workers included:
    the cgroup's usage is exact. Elsewhere it is the growth of this process's children
    counters (``os.times``), which misses processes nobody here waits for: a sandbox's
    init process is reaped outside this tree when its monitor is killed."""

    def __init__(self) -> None:
        self.group: Path | None = _CPUACCT / f"autograder-bench-{os.getpid()}-{time.time_ns()}"
        try:
            self.group.mkdir()
        except OSError:
            self.group = None
        self.kind = "cgroup cpuacct" if self.group else "rusage of waited-for children"
        self.before = os.times()

    def join(self) -> None:
        """In the command's process, before it runs the command."""
        if self.group is not None:
            (self.group / "cgroup.procs").write_text(str(os.getpid()))

    def stop(self) -> float:
        after = os.times()
        if self.group is None:
            return (after.children_user - self.before.children_user) + (
                after.children_system - self.before.children_system
            )
        end = time.monotonic() + 30
        while True:  # until the command's last process (an orphan) is gone
            used = int((self.group / "cpuacct.usage").read_text()) / 1e9
            try:
                self.group.rmdir()
                return used
            except OSError:
                if time.monotonic() > end:
                    return used
                time.sleep(0.1)


@dataclass(frozen=True)
class Timed:
    wall_s: float
    cpu_s: float
    returncode: int
    output: str


def timed(argv: list[str], cwd: Path, *, check: bool = True) -> Timed:
    """Run ``argv`` to its end; its wall time and its process tree's CPU time."""
    # The environment's bin first: nbgrader calls its helpers (alembic) by name.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    meter, started = CpuMeter(), time.perf_counter()
    try:
        done = subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, text=True, preexec_fn=meter.join
        )
        wall = time.perf_counter() - started
    finally:  # the cgroup goes, even when the benchmark is interrupted
        cpu = meter.stop()
    output = done.stdout[-4000:] + done.stderr[-4000:]
    if check and done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:5])} ... exited {done.returncode}:\n{output}")
    return Timed(wall, cpu, done.returncode, output)


def batch_size(students: int, jobs: int) -> int:
    """The engine's own batch size (``grading.batch.grade_class``), for both sides."""
    return max(1, min(16, -(-students // (jobs * 3))))


def engine(klass: Path, out: Path, exercises: list[str], jobs: int) -> Timed:
    argv = [str(BIN / "autograder"), "grade", str(klass), "--out", str(out), "--force"]
    argv += [f"--exercise={e}" for e in exercises]
    return timed([*argv, "--jobs", str(jobs), "--seed", str(SEED)], ROOT)


def checks_only(mode: str, klass: Path, out: Path, exercises: list[str]) -> Timed:
    script = Path(__file__).with_name("grade_throughput.py")
    argv = [sys.executable, str(script), "--mode", mode, str(klass), "--out", str(out)]
    return timed([*argv, "--exercises", ",".join(exercises)], ROOT)


def run_checks_only(mode: str, klass: Path, out: Path, exercises: list[str]) -> None:
    """In the child process: grade ``klass`` sandboxed (one grading process) or in
    process, without isolation; nothing but the checks."""
    import torch

    from autograder.grading.students import find_students

    torch.set_num_threads(1)
    paths = _paths()
    students = find_students(klass, exercises)
    size = batch_size(len(students), 1)
    if mode == "sandboxed":
        from autograder.grading.batch import grade_class
        from autograder.grading.classrun import GradeOptions

        options = GradeOptions(klass, out, tuple(exercises), 1, True, SEED, batch_size=size)
        report = grade_class(paths, options)
        if report.failed:
            raise SystemExit(f"could not grade {report.failed}: {report.failure}")
        return
    from autograder.grading.engine import InProcessHost, grade_batch

    course = paths.load()
    for start in range(0, len(students), size):
        grade_batch(
            paths=paths,
            course=course,
            host=InProcessHost(course.grading.call_timeout_s),
            students=students[start : start + size],
            exercises=exercises,
            seed=SEED,
            on_student=lambda graded: None,
        )


def _paths() -> CoursePaths:
    from autograder.course.model import CoursePaths

    return CoursePaths(ROOT)


@dataclass(frozen=True)
class NbgraderRun:
    timed: Timed
    students: int
    notebooks: int  # submitted notebooks (a student's .py file is not one to nbgrader)
    failed: list[str]  # "student/assignment" nbgrader could not autograde


def nbgrader(
    course_dir: Path, klass: Path, names: list[str], assignments: list[str], timeout_s: int
) -> NbgraderRun:
    """``nbgrader autograde`` of every assignment for the students ``names``, each
    command timed whole. A submission nbgrader fails on (a truncated notebook, a cell
    past its timeout) makes the command exit non-zero: it is counted, not fatal.
    nbgrader leaves no ``autograded/<student>/<assignment>/`` for a failed one."""
    submitted = course_dir / "submitted"
    shutil.rmtree(submitted, ignore_errors=True)
    for name in names:
        shutil.copytree(klass / name, submitted / name)
    wall = cpu = 0.0
    output = ""
    for assignment in assignments:
        argv = [str(BIN / "nbgrader"), "autograde", assignment, "--force"]
        run = timed([*argv, f"--Execute.timeout={timeout_s}"], course_dir, check=False)
        wall, cpu, output = wall + run.wall_s, cpu + run.cpu_s, output + run.output
    failed, notebooks = [], 0
    for name in names:
        for assignment in assignments:
            handed_in = sorted((submitted / name / assignment).glob("*.ipynb"))
            notebooks += len(handed_in)
            graded = course_dir / "autograded" / name / assignment
            if handed_in and not all((graded / p.name).is_file() for p in handed_in):
                failed.append(f"{name}/{assignment}")
    return NbgraderRun(Timed(wall, cpu, 0, output[-4000:]), len(names), notebooks, failed)


def dask_available() -> str:
    """Empty when the Dask path can be measured, else why not."""
    if importlib.util.find_spec("autograder.grading.distributed") is None:
        return "not measured: autograder.grading.distributed does not exist in this checkout"
    if importlib.util.find_spec("dask") is None or importlib.util.find_spec("distributed") is None:
        return "not measured: dask.distributed is not installed"
    return ""


def dask(klass: Path, out: Path, exercises: list[str], workers: int) -> Timed:
    """``autograder grade --scheduler`` on a local cluster of ``workers`` processes
    (one thread each). Wall time only: the Dask workers are this process's children,
    reaped when the cluster closes, after the measure."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster:
        argv = [str(BIN / "autograder"), "grade", str(klass), "--out", str(out), "--force"]
        argv += [f"--exercise={e}" for e in exercises]
        argv += ["--seed", str(SEED), "--scheduler", str(cluster.scheduler_address)]
        return timed(argv, ROOT)
