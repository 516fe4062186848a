"""Shared fixtures for the project's own tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from autograder.course import CoursePaths
from autograder.proxy import Submission
from autograder.sandbox import find_sandbox
from autograder.transport import InProcessTransport

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def paths() -> CoursePaths:
    return CoursePaths(ROOT)


def copy_course(target: Path, exercise_id: str, **grading: object) -> CoursePaths:
    """A scratch course in ``target`` with one exercise (its four files) and its
    assignment, to break or to build; ``grading`` overrides course.yml's limits."""
    course = yaml.safe_load((ROOT / "course.yml").read_text())
    course["exercises"] = [e for e in course["exercises"] if e["id"] == exercise_id]
    course["assignments"] = [
        dict(a, exercises=[exercise_id])
        for a in course["assignments"]
        if exercise_id in a["exercises"]
    ]
    course["grading"].update(grading)
    target.mkdir(parents=True, exist_ok=True)
    (target / "course.yml").write_text(yaml.safe_dump(course))
    copy = CoursePaths(target)
    for source, file in zip(
        CoursePaths(ROOT).exercise_files(exercise_id), copy.exercise_files(exercise_id), strict=True
    ):
        file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, file)
    return copy


@pytest.fixture(scope="session")
def course_of_one():
    """``copy_course`` for tests that need a course of their own."""
    return copy_course


@pytest.fixture
def course_copy(tmp_path: Path) -> CoursePaths:
    """A scratch copy of the course, with corr2d alone, to break."""
    return copy_course(tmp_path, "corr2d")


@pytest.fixture
def load(tmp_path: Path):
    """Load a submission text into an in-process worker: load(text, suffix='.py')."""

    def _load(text: str, *, name: str = "corr2d.py", timeout: float | None = 5.0) -> Submission:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return Submission(InProcessTransport(call_timeout_s=timeout), exercise="corr2d", path=path)

    return _load


def sandbox_isolated() -> bool:
    """Whether grading here is sandboxed, asked when a test needs to know (not once at
    collection): False only where bubblewrap is not installed; where it is installed but
    does not start, ``find_sandbox`` raises with the probe's error and the test fails."""
    if not (os.environ.get("AUTOGRADER_BWRAP") or shutil.which("bwrap")):
        return False
    return find_sandbox().isolated


@pytest.fixture
def needs_bwrap() -> None:
    """Skip where bubblewrap is not installed; fail (never skip) where it is broken."""
    if not sandbox_isolated():
        pytest.skip("file-system isolation needs bubblewrap (not installed)")
