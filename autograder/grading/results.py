"""The data of grading, in one place: one check's result, a check run's totals, one
student's grade (``StudentResult``, the JSON file per student). Reports, exports and the
gradebook import these, not the orchestrator; a class run's options and report are in
``grading/classrun.py``. Shipped to students (the plugin records results): data only."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

RESULTS_VERSION = 1
Outcome = Literal["passed", "failed", "error", "skipped"]


class CheckResult(BaseModel):
    """One check (one pytest test) run against one implementation."""

    model_config = ConfigDict(frozen=True)

    id: str
    exercise: str
    visibility: Literal["public", "hidden"]
    points: float
    passed: bool
    outcome: Outcome
    message: str = ""
    seed: int | None = None
    duration_s: float = 0.0
    warnings: list[str] = []

    @property
    def earned(self) -> float:
        return self.points if self.passed else 0.0

    @property
    def counted(self) -> bool:
        """Skipped checks (e.g. CUDA-only without a GPU) count neither way."""
        return self.outcome != "skipped"


class ExerciseScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    exercise: str
    earned: float
    possible: float
    passed: int
    failed: int


class RunResult(BaseModel):
    """All checks of one run: which implementation, which seeds, what happened."""

    impl: str
    public_seed: int
    hidden_seed: int
    checks: list[CheckResult] = []

    @property
    def score(self) -> float:
        return sum(c.earned for c in self.checks if c.counted)

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks if c.counted)

    def by_exercise(self) -> dict[str, ExerciseScore]:
        scores: dict[str, ExerciseScore] = {}
        for exercise in dict.fromkeys(c.exercise for c in self.checks):
            mine = [c for c in self.checks if c.exercise == exercise and c.counted]
            scores[exercise] = ExerciseScore(
                exercise=exercise,
                earned=sum(c.earned for c in mine),
                possible=sum(c.points for c in mine),
                passed=sum(c.passed for c in mine),
                failed=sum(not c.passed for c in mine),
            )
        return scores

    def write(self, path: str | Path) -> None:
        Path(path).write_text(self.model_dump_json(indent=1), encoding="utf-8")

    @classmethod
    def read(cls, path: str | Path) -> RunResult:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))


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

    @classmethod
    def of(
        cls,
        student: str,
        run: RunResult,
        *,
        fingerprint: str,
        sandbox: str,
        duration_s: float,
        notes: dict[str, str],
    ) -> StudentResult:
        """A student's grade from the run of their checks, stamped now."""
        from datetime import datetime, timezone

        return cls(
            student=student,
            fingerprint=fingerprint,
            graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            sandbox=sandbox,
            duration_s=round(duration_s, 4),
            score=run.score,
            possible=run.max_score,
            exercises=run.by_exercise(),
            notes=notes,
            run=run,
        )


def read_result(path: Path) -> StudentResult | None:
    try:
        return StudentResult.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing, half-written by a killed run, or an older format
