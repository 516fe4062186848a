"""The student bundle unpacked in a fresh folder and installed into a brand-new virtual
environment from its own requirements.txt: made once per test session, whichever
pytest-xdist worker asks first (the others wait on a file lock and reuse it), for the
test files that run the student's side (test_bundle.py, test_bundle_notebooks.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from filelock import FileLock

from autograder.course.build import build_course
from autograder.course.bundle import write_bundle
from autograder.course.model import CoursePaths

ROOT = Path(__file__).resolve().parents[2]
STUDENT = "ana"
# Generous: pip installs torch and Jupyter (from its cache), on a loaded machine.
INSTALL_TIMEOUT_S = 3600
RUN_TIMEOUT_S = 1800


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without what would leak the course repo's set-up."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_PLUGINS"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def run(
    args: list[str], *, cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=timeout
    )


def _make(base: Path) -> tuple[Path, Path]:
    paths = CoursePaths(ROOT)
    course = paths.load()
    result = build_course(paths, course, course_dir=base / "nbgrader")
    target = base / "student.zip"
    write_bundle(paths, course, target, notebooks_dir=result.course_dir / "release")
    home = base / "fresh"
    zipfile.ZipFile(target).extractall(home)
    folder = home / course.course_id
    venv = base / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)], cwd=base, timeout=RUN_TIMEOUT_S)
    assert made.returncode == 0, made.stderr[-3000:]
    bin_dir = venv / "bin"
    # As the bundle's README says, less pip's byte-compiling of every installed module
    # (most of torch is never imported here; what is gets compiled on first import).
    installed = run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--no-compile", "-r", "requirements.txt"],
        cwd=folder,
        timeout=INSTALL_TIMEOUT_S,
    )
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    return folder, bin_dir


def fresh_student(shared: Path) -> tuple[Path, Path]:
    """(the unpacked bundle's folder, its fresh venv's bin folder), made in ``shared``
    (a folder every worker of the session sees) at most once."""
    shared.mkdir(parents=True, exist_ok=True)
    made = shared / "made.json"
    with FileLock(str(shared / "lock")):
        if made.exists():
            folder, bin_dir = json.loads(made.read_text())
            return Path(folder), Path(bin_dir)
        folder, bin_dir = _make(shared)
        made.write_text(json.dumps([str(folder), str(bin_dir)]))
        return folder, bin_dir
