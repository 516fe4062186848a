"""Shared fixtures for the project's own tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from autograder.boundary.submission import Submission
from autograder.boundary.transport import InProcessTransport
from autograder.course.model import CoursePaths
from autograder.sandbox.bwrap import find_sandbox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def paths() -> CoursePaths:
    return CoursePaths(ROOT)


def copy_course(
    target: Path, *exercise_ids: str, mutants: bool = False, **grading: object
) -> CoursePaths:
    """A scratch course in ``target`` with some exercises (their four files, and their
    mutants if asked) and their assignments, to break or to build; ``grading`` overrides
    course.yml's limits."""
    course = yaml.safe_load((ROOT / "course.yml").read_text())
    course["exercises"] = [e for e in course["exercises"] if e["id"] in exercise_ids]
    course["assignments"] = [
        dict(a, exercises=[e for e in a["exercises"] if e in exercise_ids])
        for a in course["assignments"]
        if set(a["exercises"]) & set(exercise_ids)
    ]
    course["grading"].update(grading)
    target.mkdir(parents=True, exist_ok=True)
    (target / "course.yml").write_text(yaml.safe_dump(course))
    copy, original = CoursePaths(target), CoursePaths(ROOT)
    for exercise_id in exercise_ids:
        for source, file in zip(
            original.exercise_files(exercise_id), copy.exercise_files(exercise_id), strict=True
        ):
            file.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, file)
        if mutants:
            shutil.copytree(original.mutants_dir(exercise_id), copy.mutants_dir(exercise_id))
    return copy


@pytest.fixture(scope="session")
def course_of_one():
    """``copy_course`` for tests that need a course of their own."""
    return copy_course


@pytest.fixture(scope="session")
def scratch_course():
    """``copy_course``, for a course of several exercises."""
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


def nbgrader_step(course_dir: Path, step: str, assignment: str, student: str = "*") -> None:
    """One of nbgrader's own steps (``autograde``, ``generate_feedback``) on the course
    directory, through nbgrader's Python API in this process: the same converters its
    commands run, without the seconds each command spends importing Jupyter."""
    from autograder.course.nbgraderapi import nbgrader_api

    done = getattr(nbgrader_api(course_dir), step)(assignment, student, force=True)
    assert done["success"], f"nbgrader {step} failed:\n{done.get('log', '')}{done.get('error', '')}"


def nbgrader_export(course_dir: Path, course_id: str, to: Path) -> Path:
    """``nbgrader export --to=<to>``: nbgrader's CSV export plugin on the gradebook."""
    from nbgrader.plugins import CsvExportPlugin

    from autograder.course.nbgraderapi import gradebook

    with gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", course_id) as book:
        CsvExportPlugin(to=str(to)).export(book)
    return to


# `make test` runs the suite on pytest-xdist's workers (`-n auto --dist loadfile`). A
# file runs whole on one worker, so its module fixtures (a built course, a graded class,
# a fresh virtual environment) are made once; the files of SPREAD, many independent
# checks without such fixtures, are spread test by test. The slowest files start first.
SPREAD = {"test_checks_of_checks.py", "test_diagnosis.py", "test_rules.py"}
FIRST = (
    "test_bundle.py",
    "test_build.py",
    "test_sampleclass.py",
    "test_bundle_notebooks.py",
    "test_similarity.py",
)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getvalue("dist") != "loadfile":
        return None  # xdist's own
    from xdist.scheduler import LoadScopeScheduling

    class FilesOrTests(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return nodeid if Path(file).name in SPREAD else file

    return FilesOrTests(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return FIRST.index(name) if name in FIRST else len(FIRST)

    items.sort(key=rank)  # stable: every file keeps its own order


@pytest.fixture(scope="session")
def fresh_bundle(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[Path, Path]:
    """The student bundle in a brand-new virtual environment (freshbundle.py), made once
    per session: under pytest-xdist in the folder all workers share."""
    from .freshbundle import fresh_student

    base = tmp_path_factory.getbasetemp()
    return fresh_student((base if worker_id == "master" else base.parent) / "fresh-student")
