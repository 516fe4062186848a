"""`autograder grade --scheduler`: a class graded on a real Dask cluster on loopback.

A scheduler and two worker processes (``LocalCluster``, processes) grade a small corr2d
class; its scores, checks and fingerprints must be the local pool's, a worker killed
mid-run must cost no result and double none, and an unreachable scheduler is a clear
error, not a hang.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli.main import main
from autograder.grading.batch import grade_class
from autograder.grading.classrun import GradeOptions, GradeReport
from autograder.grading.distributed import connect, student_files
from autograder.grading.distributed_task import safe_relative
from autograder.grading.results import StudentResult
from autograder.grading.students import GradingError, find_students

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = (ROOT / "solutions/corr2d.py").read_text()
MUTANT = (ROOT / "tests/mutants/corr2d/off_by_one_range.py").read_text()
SEED = 1234


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory, course_of_one):
    root = tmp_path_factory.mktemp("dask") / "course"
    return course_of_one(root, "corr2d", call_timeout_s=2, submission_timeout_s=30)


@pytest.fixture(scope="module")
def klass(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Correct, mutant, stub, broken, a nested notebook folder, a misnamed file, and a
    slow loader (it sleeps: the batch the kill test catches running)."""
    klass = tmp_path_factory.mktemp("dask-class") / "class"
    files = {
        "correct/corr2d.py": SOLUTION,
        "mutant/corr2d.py": SOLUTION + "\n# %%\n" + MUTANT,
        "stub/corr2d.py": (ROOT / "exercises/corr2d.py").read_text(),
        "broken/corr2d.ipynb": '{"cells": [',
        "nested/ps1/corr2d.py": SOLUTION,
        "misnamed/corr2d (1).py": SOLUTION,
        "sleeper/corr2d.py": "import time\ntime.sleep(4)\n\n# %%\n" + SOLUTION,
    }
    for name, text in files.items():
        (klass / name).parent.mkdir(parents=True, exist_ok=True)
        (klass / name).write_text(text)
    return klass


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local.scheduler_address


def _options(klass: Path, out: Path, **more: object) -> GradeOptions:
    return GradeOptions(
        submissions=klass, out=out, exercises=("corr2d",), jobs=2, seed=SEED, **more
    )


@pytest.fixture(scope="module")
def local(course, klass, tmp_path_factory) -> GradeReport:
    out = tmp_path_factory.mktemp("dask-local") / "results"
    return grade_class(course, _options(klass, out))


def _outcomes(result: StudentResult) -> dict[str, bool]:
    assert result.run is not None
    return {check.id: check.passed for check in result.run.checks}


def _same_as_local(report: GradeReport, local: GradeReport) -> None:
    ours = {r.student: r for r in report.results}
    theirs = {r.student: r for r in local.results}
    assert sorted(ours) == sorted(theirs) and len(ours) == 7
    for student, expected in theirs.items():
        got = ours[student]
        assert (got.score, got.possible) == (expected.score, expected.possible), student
        assert _outcomes(got) == _outcomes(expected), student
        assert got.fingerprint == expected.fingerprint, student
        assert got.notes == expected.notes, student


def test_the_local_class_is_graded_as_expected(local: GradeReport) -> None:
    """The baseline itself, so a comparison with a broken baseline cannot pass."""
    scores = {r.student: r.score for r in local.results}
    full = scores["correct"]
    assert full > 0 and scores["nested"] == scores["sleeper"] == full
    assert 0 < scores["mutant"] < full
    assert scores["stub"] == scores["broken"] == scores["misnamed"] == 0
    assert not local.failed


def test_a_dask_cluster_gives_the_local_pools_scores(course, klass, local, cluster, tmp_path):
    seen: list[str] = []
    report = grade_class(
        course, _options(klass, tmp_path / "out", scheduler=cluster), on_student=seen.append
    )
    assert not report.failed and report.failure == ""
    assert Counter(seen) == Counter(r.student for r in local.results)  # each once
    _same_as_local(report, local)
    misnamed = next(r for r in report.results if r.student == "misnamed")
    message = " ".join(c.message for c in misnamed.run.checks) if misnamed.run else ""
    assert "rename it to corr2d.py" in message  # worded on the client, who saw the folder
    # Resume works as locally: the local pool finds every Dask result current.
    again = grade_class(course, _options(klass, tmp_path / "out"))
    assert (again.graded, again.skipped) == (0, 7)


def _kill_the_worker_running(cluster: str, student: str, done: threading.Event) -> list[int]:
    """SIGKILL the Dask worker process whose task grades ``student``, once it runs."""
    from distributed import Client

    killed: list[int] = []
    with Client(cluster, set_as_default=False) as client:
        while not done.is_set() and not killed:
            for worker, keys in client.processing().items():
                if any(f"-{student}-" in str(key) for key in keys):
                    time.sleep(1.0)  # well into the batch (its student sleeps 4 s)
                    pid = client.run(os.getpid, workers=[worker])[worker]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    break
            time.sleep(0.05)
    return killed


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(course, klass, local, cluster, tmp_path):
    out = tmp_path / "out"
    options = _options(klass, out, scheduler=cluster, batch_size=1)
    seen: list[str] = []
    done = threading.Event()
    killed: list[int] = []
    killer = threading.Thread(
        target=lambda: killed.extend(_kill_the_worker_running(cluster, "sleeper", done))
    )
    killer.start()
    try:
        report = grade_class(course, options, on_student=seen.append)
    finally:
        done.set()
        killer.join()
    assert killed, "the sleeper's batch was never seen running"
    assert not report.failed, report.failure
    assert Counter(seen) == Counter(r.student for r in local.results)  # each exactly once
    assert sorted(p.name for p in (out / "students").iterdir()) == sorted(
        f"{r.student}.json" for r in local.results
    )  # no .partial left, nothing extra
    _same_as_local(report, local)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_scheduler_is_a_clear_error_not_a_hang(course, klass, tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            grade_class(
                course,
                _options(klass, tmp_path / "out", scheduler=address, scheduler_timeout_s=2),
            )
        except BaseException as error:  # noqa: BLE001 - the test reads it below
            outcome.append(error)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(timeout=120)  # generous: a loaded machine must not fail this test
    assert not thread.is_alive(), "grading against an unreachable scheduler hung"
    assert len(outcome) == 1 and isinstance(outcome[0], GradingError), outcome
    assert f"cannot reach the Dask scheduler at {address}" in str(outcome[0])


def test_the_cli_names_a_bad_scheduler_and_exits_1(course, klass, tmp_path) -> None:
    for address, words in (
        ("10.0.0.5:8786", "expected the scheduler's address as tcp://HOST:PORT"),
        (f"tcp://127.0.0.1:{_free_port()}", "cannot reach the Dask scheduler"),
    ):
        result = CliRunner().invoke(
            main,
            ["grade", str(klass), "--out", str(tmp_path / "out"), "--scheduler", address]
            + ["--course", str(course.course_file), "-e", "corr2d"],
        )
        assert result.exit_code == 1, result.output
        assert words in " ".join(result.output.split()), result.output


def test_a_scheduler_without_workers_is_a_clear_error() -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as c:
        with pytest.raises(GradingError, match="has no worker after 1 s; start some with"):
            connect(c.scheduler_address, 1)


def test_students_travel_as_bytes_and_paths_stay_inside(klass: Path) -> None:
    works = {w.student: w for w in find_students(klass, ["corr2d"])}
    nested = student_files(works["nested"], ["corr2d"])
    assert nested.files["corr2d"] == ("ps1/corr2d.py", SOLUTION.encode())
    missing = student_files(works["misnamed"], ["corr2d"])
    assert missing.files["corr2d"] is None and "rename it" in missing.refused["corr2d"]
    for bad in ("../x.py", "/etc/passwd", "a/../../b", "", "a\\..\\b"):
        with pytest.raises(ValueError, match="not a plain relative path"):
            safe_relative(bad)
