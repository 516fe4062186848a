"""A class run's options and report: what ``grade_class`` takes and gives back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.grading.results import StudentResult
from autograder.sandbox.bwrap import Sandbox


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
    scheduler: str | None = None  # a Dask scheduler (tcp://HOST:PORT): grade on its cluster
    scheduler_timeout_s: float = 30.0  # to reach it and find a worker, then a clear error


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
