"""The Gradescope autograder zip (issue 16, item 3): built from a course of corr2d
alone, unpacked into a temporary Gradescope root, and run with ``AUTOGRADER_ROOT`` on
the reference (full marks, less the late penalty), the released stub (zero) and an
attack (reads the hidden checks, forges results.json, patches torch: earns nothing,
sees nothing, its results.json is replaced). setup.sh is checked, never run (it needs
the network)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from autograder.course.model import CoursePaths
from autograder.grading.gradescope_upload import collect_upload, read_metadata
from autograder.outputs.gradescope_zip import GradescopeBuildError, write_gradescope_zip

from .conftest import ROOT, copy_course

RUN_TIMEOUT_S = 900  # a loaded machine is slow; no verdict below depends on speed


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[CoursePaths, Path]:
    course = copy_course(tmp_path_factory.mktemp("course"), "corr2d")
    out = tmp_path_factory.mktemp("zip") / "gradescope-conv1.zip"
    write_gradescope_zip(course, course.load(), "conv1", out)
    return course, out


def unpack(archive: Path, root: Path) -> Path:
    """As Gradescope does: the zip into root/source, modes kept (run_autograder runs)."""
    source = root / "source"
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            target = Path(opened.extract(info, source))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                target.chmod(mode)
    (root / "submission").mkdir()
    return source


def run_autograder(root: Path, **extra_env: str) -> tuple[dict, str]:
    env = {
        **os.environ,
        "AUTOGRADER_ROOT": str(root),
        "AUTOGRADER_PYTHON": sys.executable,
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        **extra_env,
    }
    done = subprocess.run(
        [str(root / "source" / "run_autograder")],
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        cwd=root,
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    return json.loads((root / "results" / "results.json").read_text()), log


# -- the zip -------------------------------------------------------------------------
def test_the_zip_has_gradescopes_layout_and_nothing_it_must_not(built):
    course, archive = built
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in opened.infolist()}
        config = json.loads(opened.read("course/gradescope.json"))
    assert {"setup.sh", "run_autograder"} <= names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert {"course/tests/public/test_corr2d.py", "course/tests/hidden/test_corr2d.py"} <= names
    assert "package/autograder/gradescope_run.py" in names
    assert "package/autograder/outputs/templates/feedback.md.j2" in names
    # corr2d's checks grade no quiz: its reference solution is not needed, so not there.
    course_files = sorted(n for n in names if n.startswith("course/"))
    assert course_files == [
        "course/course.yml",
        "course/exercises/corr2d.py",
        "course/gradescope.json",
        "course/tests/hidden/test_corr2d.py",
        "course/tests/public/test_corr2d.py",
    ]
    assert "course/exercises/corr2d.py" in names  # the released stub (public anyway)
    assert not [n for n in names if "__pycache__" in n]
    assert config == {
        "assignment": "conv1",
        "title": course.load().assignments[0].title,
        "exercises": ["corr2d"],
        "manual_points": {"corr2d": 0.0},
        "require_sandbox": True,
    }


def test_a_quiz_exercise_ships_its_key_file_and_nothing_else(tmp_path):
    course = copy_course(tmp_path / "course", "transposes")
    names = write_gradescope_zip(course, course.load(), "conv1", tmp_path / "gs.zip")
    assert [n for n in names if n.startswith("course/solutions/")] == [
        "course/solutions/transposes.py"
    ]


def test_setup_sh_is_bash_and_pins_torch_and_installs_the_sandbox(built, tmp_path):
    _, archive = built
    text = zipfile.ZipFile(archive).read("setup.sh").decode()
    (tmp_path / "setup.sh").write_text(text)
    for script in ("setup.sh",):
        checked = subprocess.run(["bash", "-n", str(tmp_path / script)], capture_output=True)
        assert checked.returncode == 0, checked.stderr
    assert "torch==2.13.0" in text.split()
    assert "bubblewrap" in text and "libseccomp2" in text
    pyproject = zipfile.ZipFile(archive).read("package/pyproject.toml").decode()
    assert '"torch==2.13.0"' in pyproject
    assert 'conv_autograder = "autograder.checks.plugin"' in pyproject


def test_the_package_in_the_zip_builds_with_its_plugin_and_templates(built, tmp_path):
    """What setup.sh's `pip install package/` builds (offline: no isolation, no deps)."""
    pytest.importorskip("setuptools")
    _, archive = built
    zipfile.ZipFile(archive).extractall(tmp_path / "src")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + [str(tmp_path / "src" / "package"), "-w", str(tmp_path / "wheel")],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "autograder/outputs/templates/feedback.md.j2" in names
    assert "autograder/gradescope_run.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "autograder.checks.plugin" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_run_autograder_is_bash(built, tmp_path):
    _, archive = built
    (tmp_path / "run").write_bytes(zipfile.ZipFile(archive).read("run_autograder"))
    checked = subprocess.run(["bash", "-n", str(tmp_path / "run")], capture_output=True)
    assert checked.returncode == 0, checked.stderr


def test_an_unknown_assignment_is_a_clear_error(built, tmp_path):
    course, _ = built
    with pytest.raises(GradescopeBuildError, match="no assignment 'hw9'.*conv1"):
        write_gradescope_zip(course, course.load(), "hw9", tmp_path / "x.zip")


# -- the upload and the metadata --------------------------------------------------------
def test_the_upload_is_found_nested_links_refused_near_misses_named(tmp_path):
    upload = tmp_path / "submission"
    (upload / "hw" / "deeper").mkdir(parents=True)
    (upload / "hw" / "deeper" / "corr2d.ipynb").write_text("{}")
    (upload / "hw" / "corr2d.py").write_text("x = 1\n")
    (upload / "transposes (1).ipynb").write_text("{}")
    secret = tmp_path / "secret.py"
    secret.write_text("SECRET = 1\n")
    (upload / "diagonal_edge.py").symlink_to(secret)
    found = collect_upload(
        upload, ["corr2d", "transposes", "diagonal_edge"], tmp_path / "class" / "s"
    )
    assert found.found == {"corr2d": "hw/corr2d.py"}  # the shallowest file wins
    assert (tmp_path / "class" / "s" / "corr2d.py").read_text() == "x = 1\n"
    assert not (tmp_path / "class" / "s" / "diagonal_edge.py").exists()
    text = "\n".join(found.notes)
    assert "also uploaded: hw/deeper/corr2d.ipynb" in text
    assert "rename it to transposes.ipynb" in text
    assert "diagonal_edge: not graded: diagonal_edge.py is a symbolic link" in text


def test_metadata_gives_time_due_date_extension_and_student(tmp_path):
    path = tmp_path / "submission_metadata.json"
    course_due = datetime(2026, 12, 11, 23, 59, tzinfo=timezone.utc)
    path.write_text(
        json.dumps(
            {
                "created_at": "2026-12-13T10:00:00.365935-07:00",
                "assignment": {"due_date": "2026-12-12T23:59:00.000000-07:00"},
                "users": [
                    {"email": "ada.l@uni.edu", "id": 1, "name": "Ada"},
                    {"email": "bo@uni.edu", "assignment": {"due_date": "2026-12-14T23:59:00Z"}},
                ],
            }
        )
    )
    info = read_metadata(path, course_due=course_due)
    assert info.student == "ada.l"
    assert info.submitted == datetime(2026, 12, 13, 17, 0, 0, 365935, tzinfo=timezone.utc)
    assert info.due == datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc)  # the extension
    path.write_text(json.dumps({"created_at": "2026-12-13T10:00:00Z", "assignment": {}}))
    assert read_metadata(path, course_due=course_due).due == course_due
    path.write_text("[not json")
    broken = read_metadata(path, course_due=course_due)
    assert broken.submitted is None and "counts as on time" in broken.notes[0]


# -- three submissions, graded from a temporary root -----------------------------------
@pytest.mark.usefixtures("needs_bwrap")
def test_the_reference_gets_full_marks_less_the_late_penalty(built, tmp_path):
    course, archive = built
    unpack(archive, tmp_path)
    (tmp_path / "submission" / "hw1").mkdir()
    shutil.copy(course.solution("corr2d"), tmp_path / "submission" / "hw1" / "corr2d.py")
    (tmp_path / "submission_metadata.json").write_text(
        json.dumps(
            {
                "created_at": "2026-12-13T11:59:00+00:00",  # 1.5 days late: 2 started days
                "assignment": {"due_date": "2026-12-11T23:59:00+00:00"},
                "users": [{"email": "ada@uni.edu", "id": 1, "name": "Ada"}],
            }
        )
    )
    results, log = run_autograder(tmp_path)
    points = course.load().exercise("corr2d").points
    assert results["extra_data"]["raw_score"] == points, log
    assert results["score"] == pytest.approx(points * 0.8)  # 10% per started day, 2 days
    assert results["extra_data"]["days_late"] == 2
    assert "2 started day(s) after the due date" in results["output"]
    tests = results["tests"]
    assert tests and all(t["status"] == "passed" for t in tests)
    assert sum(t["max_score"] for t in tests) == points
    hidden = [t for t in tests if t["visibility"] == "after_due_date"]
    assert hidden and len(hidden) < len(tests)
    assert {t["visibility"] for t in tests} == {"visible", "after_due_date"}
    assert results["stdout_visibility"] == "hidden"
    assert results["extra_data"]["graded_files"] == {"corr2d": "hw1/corr2d.py"}
    assert "bubblewrap" in results["extra_data"]["sandbox"]


@pytest.mark.usefixtures("needs_bwrap")
def test_the_released_stub_gets_zero(built, tmp_path):
    _, archive = built
    unpack(archive, tmp_path)
    shutil.copy(ROOT / "exercises" / "corr2d.py", tmp_path / "submission" / "corr2d.py")
    results, log = run_autograder(tmp_path)
    assert results["score"] == 0, log
    assert results["tests"] and all(t["status"] == "failed" for t in results["tests"])
    assert all(t["output"] for t in results["tests"])  # each check says why


ATTACK = """
import os
import torch
leaked = []
for path in ({hidden!r}, "/autograder/source/course/tests/hidden/test_corr2d.py"):
    try:
        leaked.append(open(path).read())
    except OSError as error:
        leaked.append(type(error).__name__)
for path in ({results!r}, "/autograder/results/results.json"):
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as forged:
            forged.write('{{"score": 1000, "tests": []}}')
    except OSError:
        pass
torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.testing.assert_close = lambda *args, **kwargs: None
"""


@pytest.mark.usefixtures("needs_bwrap")
def test_an_attack_earns_nothing_sees_nothing_and_cannot_forge_the_results(built, tmp_path):
    _, archive = built
    source = unpack(archive, tmp_path)
    hidden = source / "course" / "tests" / "hidden" / "test_corr2d.py"
    results_file = tmp_path / "results" / "results.json"
    results_file.parent.mkdir()
    results_file.write_text('{"score": 999, "tests": []}')  # forged before the run, too
    attack = ATTACK.format(hidden=str(hidden), results=str(results_file))
    stub = (ROOT / "exercises" / "corr2d.py").read_text()
    # Whatever it read goes back in the message of every check that calls corr2d (an
    # exception no check expects: a ValueError would rightly pass the error check).
    leak = (
        "\n\nclass Leaked(Exception):\n    pass\n\n\ndef corr2d(X, K):\n"
        '    raise Leaked("LEAK " + " | ".join(leaked))\n'
    )
    (tmp_path / "submission" / "corr2d.py").write_text(attack + stub + leak)
    results, log = run_autograder(tmp_path)
    text = results_file.read_text()
    assert results["score"] == 0, log  # not 999 (planted) nor 1000 (written by the attack)
    assert results["tests"] and results["extra_data"]["raw_score"] == 0
    assert "LEAK" in text  # the channel works: what the attack read would be shown ...
    assert "FileNotFoundError" in text or "PermissionError" in text
    first_line = hidden.read_text().splitlines()[0].strip('"')
    assert first_line and first_line not in text  # ... and it read nothing of the checks


# -- whatever fails, a results.json that says so ---------------------------------------
def test_no_python_still_writes_a_score_0_results_json(built, tmp_path):
    _, archive = built
    unpack(archive, tmp_path)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "results.json").write_text('{"score": 999}')
    results, _ = run_autograder(tmp_path, AUTOGRADER_PYTHON=str(tmp_path / "no-python"))
    assert results["score"] == 0
    assert "could not grade this submission" in results["output"]
    assert "exit status 127" in results["output"]


def test_a_sandbox_that_cannot_start_is_a_score_0_with_the_reason(built, tmp_path):
    _, archive = built
    unpack(archive, tmp_path)
    (tmp_path / "submission" / "corr2d.py").write_text("def corr2d(X, K):\n    return X\n")
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    fake.chmod(0o755)
    results, log = run_autograder(tmp_path, AUTOGRADER_BWRAP=str(fake))
    assert results["score"] == 0 and results["tests"] == []
    assert "SandboxUnavailable" in results["output"], log
    assert "cannot start a sandbox here" in results["output"]


def test_allow_no_sandbox_grades_with_limits_only_where_bubblewrap_cannot_start(built, tmp_path):
    course, _ = built
    archive = tmp_path / "allow.zip"
    write_gradescope_zip(course, course.load(), "conv1", archive, require_sandbox=False)
    root = tmp_path / "root"
    unpack(archive, root)
    shutil.copy(ROOT / "exercises" / "corr2d.py", root / "submission" / "corr2d.py")
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    fake.chmod(0o755)
    results, log = run_autograder(root, AUTOGRADER_BWRAP=str(fake))
    assert results["tests"] and results["score"] == 0, log
    assert "resource limits only" in results["extra_data"]["sandbox"]
    assert "grading with resource limits only" in log
