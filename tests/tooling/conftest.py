"""Shared fixtures for the project's own tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from autograder.course import CoursePaths
from autograder.proxy import Submission
from autograder.transport import InProcessTransport

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def paths() -> CoursePaths:
    return CoursePaths(ROOT)


@pytest.fixture
def course_copy(tmp_path: Path) -> CoursePaths:
    """A scratch copy of the course, with corr2d alone, to break."""
    course = yaml.safe_load((ROOT / "course.yml").read_text())
    course["exercises"] = [e for e in course["exercises"] if e["id"] == "corr2d"]
    course["assignments"] = [dict(a, exercises=["corr2d"]) for a in course["assignments"][:1]]
    (tmp_path / "course.yml").write_text(yaml.safe_dump(course))
    copy = CoursePaths(tmp_path)
    for source, target in zip(
        CoursePaths(ROOT).exercise_files("corr2d"), copy.exercise_files("corr2d"), strict=True
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    return copy


@pytest.fixture
def load(tmp_path: Path):
    """Load a submission text into an in-process worker: load(text, suffix='.py')."""

    def _load(text: str, *, name: str = "corr2d.py", timeout: float | None = 5.0) -> Submission:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return Submission(InProcessTransport(call_timeout_s=timeout), exercise="corr2d", path=path)

    return _load
