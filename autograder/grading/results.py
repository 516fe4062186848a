"""Machine-readable results of a check run: one record per check, and the totals."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

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
