"""The parent's reference warm-up (``engine.warm_up``) runs only when it pays.

It grades the reference solutions once in the parent so that the grading processes
forked afterwards inherit the imports and torch's first calls. With one grading process
nothing is shared: the same work would be paid twice (about a third of a small class's
start-up CPU time), so it is skipped, and the grades stay the same.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import autograder.grading.engine as engine
from autograder.course.model import CoursePaths
from autograder.grading.batch import grade_class
from autograder.grading.classrun import GradeOptions

ROOT = Path(__file__).resolve().parents[2]
FULL = CoursePaths(ROOT).load().exercise("corr2d").points


def _graded_with(jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, float]:
    """How many warm-ups a run of two honest students made, and the lower score."""
    calls: list[tuple[str, ...]] = []
    real = engine.warm_up

    def counted(paths: CoursePaths, course: object, exercises: list[str]) -> None:
        calls.append(tuple(exercises))
        real(paths, course, exercises)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "warm_up", counted)
    klass = tmp_path / "class"
    for name in ("ann", "bob"):
        (klass / name).mkdir(parents=True)
        shutil.copy(ROOT / "solutions/corr2d.py", klass / name / "corr2d.py")
    options = GradeOptions(
        submissions=klass, out=tmp_path / "out", exercises=("corr2d",), jobs=jobs, seed=3
    )
    report = grade_class(CoursePaths(ROOT), options)
    assert report.failed == [], report.failure
    return len(calls), min(r.score for r in report.results)


def test_one_grading_process_skips_the_warm_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm_ups, score = _graded_with(1, tmp_path, monkeypatch)
    assert warm_ups == 0
    assert score == FULL  # the reference's full marks on corr2d: nothing depended on it


def test_several_grading_processes_share_one_warm_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm_ups, score = _graded_with(2, tmp_path, monkeypatch)
    assert warm_ups == 1
    assert score == FULL
