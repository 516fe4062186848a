"""`autograder grade` on a class of honest students and attackers.

One class is graded once (module scope) with the real engine: sandboxed workers,
two grading processes. Every attack asserts two things: no unearned points (the
attacker scores no more than the same wrong code without the attack), and no effect
beyond the attacker's own results (files, other students, the network).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import textwrap
import threading
from pathlib import Path

import nbformat
import pytest

from autograder.boundary.loader import read_cells
from autograder.grading.batch import grade_class
from autograder.grading.classrun import GradeOptions
from autograder.grading.results import StudentResult
from autograder.sandbox.bwrap import SandboxUnavailable, find_sandbox

from .conftest import sandbox_isolated

ROOT = Path(__file__).resolve().parents[2]
# Isolation is decided per test, by the `needs_bwrap` fixture (conftest.py) and by the
# class fixture below, never once at collection: a probe that fails on a loaded machine
# fails those tests, it does not skip them.
needs_bwrap = pytest.mark.usefixtures("needs_bwrap")

SOLUTION = (ROOT / "solutions/corr2d.py").read_text()
STUB = (ROOT / "exercises/corr2d.py").read_text()
# A wrong corr2d of the right shape: the baseline an attack must not improve on.
WRONG = SOLUTION + textwrap.dedent(
    """
    # %%
    def corr2d(X, K):
        return torch.zeros(X.shape[0] - K.shape[0] + 1, X.shape[1] - K.shape[1] + 1,
                           dtype=X.dtype)
    """
)


def _cell(code: str) -> str:
    return "\n# %%\n" + textwrap.dedent(code)


def _leaf(body: str) -> str:
    """The reference with corr2d_multi_in_out_1x1 (which nothing else calls) replaced."""
    return SOLUTION + _cell(
        "import os, sys, time, torch\n"
        "def corr2d_multi_in_out_1x1(X, K):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    )


def _reader(target: Path) -> str:
    """Wrong code that turns right if it can read ``target``: any leak raises the score."""
    return WRONG + _cell(
        f"""
        _wrong = corr2d
        def corr2d(X, K):
            try:
                open({str(target)!r}, "rb").read(1)
            except OSError:
                return _wrong(X, K)
            return torch.nn.functional.conv2d(X[None, None], K[None, None])[0, 0]
        """
    )


def _notebook(cells: list[tuple[str, str]]) -> str:
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(source))
    return nbformat.writes(nb)


class _Listener:
    """A loopback TCP server that counts connections (none should arrive)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.server.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.server.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, course_of_one):
    base = tmp_path_factory.mktemp("grading")
    # A course copy with corr2d only and short limits, so the attacks are quick.
    root = base / "course"
    paths = course_of_one(
        root, "corr2d", call_timeout_s=1.5, submission_timeout_s=20, memory_mb=1024
    )
    gradebook = root / "gradebook.db"
    gradebook.write_bytes(b"SQLite format 3\x00 the class's grades")
    marker = base / "host-marker"
    isolated = sandbox_isolated()
    listener = _Listener()
    klass = base / "class"
    peer = klass / "correct" / "corr2d.py"
    mutant = (ROOT / "tests/mutants/corr2d/off_by_one_range.py").read_text()
    cells = [("markdown", "# my work")] + [
        ("code", c.source) for c in read_cells(ROOT / "solutions/corr2d.py")
    ]
    students = {
        "correct": SOLUTION,
        "stub": STUB,
        "partial": SOLUTION + "\n# %%\n" + mutant,
        "wrong": WRONG,
        "broken_json_nb": '{"cells": [',
        "broken_cell_nb": _notebook([cells[0], ("code", "1 / 0"), *cells[1:]]),
        "warns": SOLUTION
        + _cell(
            """
            import sys, warnings
            _c = corr2d
            def corr2d(X, K):
                warnings.warn("this is slow", UserWarning)
                print("debug output", file=sys.stderr)
                return _c(X, K)
            """
        ),
        "patcher": WRONG
        + _cell(
            """
            import builtins, torch, torch.testing
            torch.allclose = lambda *a, **k: True
            torch.equal = lambda *a, **k: True
            torch.testing.assert_close = lambda *a, **k: None
            torch.Tensor.__eq__ = lambda *a, **k: True
            builtins.AssertionError = type("Nope", (Exception,), {})
            try:
                import _pytest.outcomes, pytest
                pytest.fail = _pytest.outcomes.fail = lambda *a, **k: None
            except ImportError:
                pass
            """
        ),
        "hardcoder": SOLUTION
        + _cell(
            """
            def corr2d(X, K):
                return torch.tensor([[19.0, 25.0], [37.0, 43.0]], dtype=X.dtype)
            """
        ),
        "reads_solution": _reader(root / "solutions/corr2d.py"),
        "reads_hidden_tests": _reader(root / "tests/hidden/test_corr2d.py"),
        "reads_gradebook": _reader(gradebook),
        "reads_peer": _reader(peer),
        "writer": WRONG
        + _cell(
            f"""
            for _path in [{str(gradebook)!r}, {str(peer)!r}, {str(marker)!r},
                          {str(root / "course.yml")!r}]:
                try:
                    open(_path, "w").write("pwned")
                except OSError:
                    pass
            """
        ),
        "network": WRONG
        + _cell(
            f"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {listener.port}), timeout=1)
            except OSError:
                pass
            """
        ),
        "decoder": WRONG
        + _cell(
            """
            import os, struct
            def corr2d(X, K):
                nested = []
                for _ in range(5000):
                    nested = [nested]
                return nested
            def corr2d_pad_stride(*args, **kwargs):
                # Write a forged reply straight onto every socket the process holds.
                for fd in range(3, 64):
                    try:
                        os.write(fd, struct.pack(">Q", 2**62) + b"x" * 64)
                    except OSError:
                        pass
                return None
            """
        ),
        "print_loop": _leaf(
            "list(map(print, range(20_000), ['x' * 40] * 20_000))  # many small prints\n"
            "c, h, w = X.shape\n"
            "return (K.reshape(K.shape[0], c) @ X.reshape(c, h * w)).reshape(-1, h, w)"
        ),
        "no_1x1": _leaf("raise NotImplementedError"),
        "infinite_loop": _leaf("while True:\n    pass"),
        "os_exit": _leaf("os._exit(0)"),
        "sys_exit": _leaf("sys.exit(3)"),
        "segfault": _leaf("import ctypes\nctypes.string_at(0)"),
        "memory_bomb": _leaf("return torch.ones(2**31, dtype=torch.float64).sum()"),
        "fork_bomb": _leaf("while True:\n    os.fork()"),
        "huge_print": _leaf(
            "print('x' * 20_000_000)\n"
            "c, h, w = X.shape\n"
            "return (K.reshape(K.shape[0], c) @ X.reshape(c, h * w)).reshape(-1, h, w)"
        ),
    }
    if not isolated:
        # Without isolation these would really read and write the course (that is what
        # the sandbox is for); their tests are skipped.
        for name in [n for n in students if n.startswith("reads_")] + ["writer", "network"]:
            del students[name]
    for name, text in students.items():
        folder = klass / name
        folder.mkdir(parents=True)
        suffix = ".ipynb" if name.endswith("_nb") else ".py"
        (folder / f"corr2d{suffix}").write_text(text, encoding="utf-8")
    # Collection mishaps: a renamed notebook, a code cell turned markdown, a file that
    # is not UTF-8.
    (klass / "renamed").mkdir()
    (klass / "renamed" / "corr2d (1).ipynb").write_text(_notebook(cells))
    as_markdown = [("markdown", c) if "def corr2d(" in c else (k, c) for k, c in cells]
    (klass / "markdown_cell").mkdir()
    (klass / "markdown_cell" / "corr2d.ipynb").write_text(_notebook(as_markdown))
    (klass / "latin1").mkdir()
    (klass / "latin1" / "corr2d.py").write_bytes(SOLUTION.encode() + "# café\n".encode("latin-1"))
    before = {p: _digest(p) for p in (gradebook, peer, root / "course.yml")}
    report = grade_class(
        paths,
        GradeOptions(submissions=klass, out=base / "results", exercises=("corr2d",), jobs=2),
    )
    listener.close()
    by_student = {r.student: r for r in report.results}
    return {
        "report": report,
        "results": by_student,
        "before": before,
        "marker": marker,
        "listener": listener,
        "paths": paths,
        "out": base / "results",
        "students": students,
        "isolated": isolated,
    }


def _passed(result: StudentResult, visibility: str | None = None) -> set[str]:
    return {
        c.id
        for c in result.run.checks
        if c.passed and (visibility is None or c.visibility == visibility)
    }


def _failed(result: StudentResult) -> dict[str, str]:
    return {c.id: c.message for c in result.run.checks if not c.passed}


# -- the class as a whole ------------------------------------------------------------
def test_every_student_has_a_result_and_the_summary_lists_them(graded) -> None:
    report, results = graded["report"], graded["results"]
    assert report.failed == []
    assert set(results) == set(graded["students"]) | {"renamed", "markdown_cell", "latin1"}
    summary = json.loads((graded["out"] / "summary.json").read_text())
    assert {row["student"] for row in summary["students"]} == set(results)
    csv_lines = (graded["out"] / "summary.csv").read_text().splitlines()
    assert csv_lines[0].startswith("student,corr2d,score,possible")
    assert len(csv_lines) == len(results) + 1


def test_honest_students_get_what_they_earned(graded) -> None:
    results = graded["results"]
    full = results["correct"].possible
    assert full == 32
    assert results["correct"].score == full
    assert results["stub"].score == 0
    assert 0 < results["partial"].score < full
    assert results["correct"].sandbox.startswith("bubblewrap" if graded["isolated"] else "resource")
    checks = results["correct"].run.checks
    assert all(c.id.startswith("tests/") and "[s" not in c.id for c in checks)
    assert any(c.visibility == "hidden" and c.seed is not None for c in checks)


def test_a_notebook_with_a_failing_cell_still_loads_the_rest(graded) -> None:
    result = graded["results"]["broken_cell_nb"]
    assert result.score == result.possible
    assert "ZeroDivisionError" in result.notes["corr2d"]


def test_a_malformed_notebook_fails_with_a_readable_message(graded) -> None:
    result = graded["results"]["broken_json_nb"]
    assert result.score == 0
    assert "not a valid notebook" in result.notes["corr2d"]
    assert all("not a valid notebook" in m for m in _failed(result).values())


def test_warnings_never_fail_a_check_and_are_shown(graded) -> None:
    result = graded["results"]["warns"]
    assert result.score == result.possible
    assert any("UserWarning: this is slow" in w for c in result.run.checks for w in c.warnings)


# -- cheating ---------------------------------------------------------------------------
@pytest.mark.parametrize("attacker", ["patcher", "hardcoder", "decoder", "writer", "network"])
def test_attacks_earn_nothing_the_wrong_code_does_not(
    graded, attacker: str, request: pytest.FixtureRequest
) -> None:
    if attacker in ("writer", "network"):
        request.getfixturevalue("needs_bwrap")  # skipped only where bwrap is not installed
    results = graded["results"]
    wrong = _passed(results["wrong"]) | _passed(results["wrong"], "public")
    if attacker == "hardcoder":
        # It may pass the textbook example it copied, never a hidden check.
        assert _passed(results[attacker], "hidden") <= _passed(results["wrong"], "hidden")
        assert results[attacker].score < results["wrong"].score + 3
    else:
        assert _passed(results[attacker]) <= wrong
        assert results[attacker].score <= results["wrong"].score


@needs_bwrap
@pytest.mark.parametrize(
    "reader", ["reads_solution", "reads_hidden_tests", "reads_gradebook", "reads_peer"]
)
def test_instructor_files_and_peers_are_not_visible(graded, reader: str) -> None:
    # The reader turns right as soon as its target is readable.
    results = graded["results"]
    assert _passed(results[reader]) <= _passed(results["wrong"])
    assert results[reader].score <= results["wrong"].score


@needs_bwrap
def test_writes_outside_the_private_tmp_change_nothing(graded) -> None:
    for path, digest in graded["before"].items():
        assert _digest(path) == digest, f"{path} was changed by a student"
    assert not graded["marker"].exists()


@needs_bwrap
def test_no_network(graded) -> None:
    assert graded["listener"].connections == 0


def test_a_crafted_reply_fails_only_that_call(graded) -> None:
    results = graded["results"]
    failed = _failed(results["decoder"])
    assert any("nested more than" in m or "cannot be sent" in m for m in failed.values())
    assert any("pad_stride" in i for i in failed)
    # The checks of a function that calls neither attacker (the 1x1 convolution) still pass
    # after the forged frames: the child was restarted, the rest graded as usual.
    untouched = {i for i in _passed(results["wrong"]) if "1x1" in i}
    assert len(untouched) >= 2 and untouched <= _passed(results["decoder"])


# -- containment ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("student", "phrase"),
    [
        ("infinite_loop", "ran for more than 1.5 s"),
        ("os_exit", "exited with code 0"),
        ("sys_exit", "sys.exit(3)"),
        ("segfault", "SIGSEGV"),
        ("memory_bomb", "out of memory"),
        ("fork_bomb", ""),
    ],
)
def test_a_runaway_fails_only_the_checks_that_needed_it(graded, student: str, phrase: str) -> None:
    results = graded["results"]
    # Exactly the checks that fail when the function is simply missing.
    assert set(_failed(results[student])) == set(_failed(results["no_1x1"]))
    assert results[student].score == results["no_1x1"].score > 0
    messages = list(_failed(results[student]).values())
    assert all(phrase in m for m in messages), messages


@pytest.mark.parametrize("student", ["huge_print", "print_loop"])
def test_a_huge_print_is_cut_and_does_not_cost_points(graded, student: str, tmp_path) -> None:
    result = graded["results"][student]
    assert result.score == result.possible
    notes = [w for c in result.run.checks for w in c.warnings if "output cut" in w]
    assert notes and "256 KiB" in notes[0]
    # The note reaches the feedback the student reads.
    from autograder.outputs.feedback import write_feedback

    write_feedback([result], tmp_path)
    assert "output cut" in (tmp_path / f"{student}.md").read_text()
    assert "output cut" in (tmp_path / f"{student}.html").read_text()


# -- resuming -------------------------------------------------------------------------
def test_a_rerun_regrades_only_what_changed(graded, tmp_path: Path) -> None:
    paths, out = graded["paths"], graded["out"]
    klass = tmp_path / "class"
    for name in ("correct", "stub", "partial"):
        shutil.copytree(graded["out"].parent / "class" / name, klass / name)
    options = GradeOptions(
        submissions=klass, out=out.parent / "rerun", exercises=("corr2d",), jobs=1
    )
    first = grade_class(paths, options)
    assert (first.graded, first.skipped) == (3, 0)
    stamps = {r.student: r.graded_at + r.fingerprint for r in first.results}
    second = grade_class(paths, options)
    assert (second.graded, second.skipped) == (0, 3)
    (klass / "stub" / "corr2d.py").write_text(SOLUTION)
    third = grade_class(paths, options)
    assert (third.graded, third.skipped) == (1, 2)
    after = {r.student: r for r in third.results}
    assert after["stub"].score == 32
    assert after["correct"].graded_at + after["correct"].fingerprint == stamps["correct"]


def test_require_sandbox_refuses_without_bubblewrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTOGRADER_BWRAP", raising=False)
    monkeypatch.setattr("autograder.sandbox.bwrap.shutil.which", lambda name: None)  # not installed
    with pytest.raises(SandboxUnavailable, match="apt-get install bubblewrap"):
        find_sandbox(require=True)
    fallback = find_sandbox()
    assert not fallback.isolated and "isolation is OFF" in fallback.warning
    assert "not installed" in fallback.summary


def test_a_run_killed_halfway_resumes_without_regrading(graded, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    paths = graded["paths"]
    klass, out = tmp_path / "class", tmp_path / "results"
    slow = SOLUTION + _cell("import time\ntime.sleep(0.4)")  # each student takes a while
    for i in range(10):
        (klass / f"s{i:02d}").mkdir(parents=True)
        (klass / f"s{i:02d}" / "corr2d.py").write_text(slow)
    argv = [sys.executable, "-m", "autograder", "grade", str(klass), "--out", str(out)]
    argv += ["--jobs", "1", "--course", str(paths.course_file)]
    run = subprocess.Popen(
        argv, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while len(list((out / "students").glob("*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    done = {p.stem: p.read_text() for p in (out / "students").glob("*.json")}
    assert 3 <= len(done) < 10, "the run was not killed halfway"
    time.sleep(0.5)  # grading processes die with their parent: nothing more is written
    assert {p.stem for p in (out / "students").glob("*.json")} == set(done)

    report = grade_class(
        paths, GradeOptions(submissions=klass, out=out, exercises=("corr2d",), jobs=1)
    )
    assert (report.skipped, report.graded) == (len(done), 10 - len(done))
    assert all(r.score == 32 for r in report.results) and len(report.results) == 10
    for student, text in done.items():  # not regraded: the very same file
        assert (out / "students" / f"{student}.json").read_text() == text


def test_collection_mishaps_get_a_message_that_says_what_to_do(graded) -> None:
    results = graded["results"]
    renamed = results["renamed"]
    assert renamed.score == 0
    assert "found corr2d (1).ipynb: rename it to corr2d.ipynb" in renamed.notes["corr2d"]
    markdown = _failed(results["markdown_cell"])
    assert any("changed from code to markdown" in m for m in markdown.values())
    assert results["markdown_cell"].score > 0  # the other functions still count
    latin1 = results["latin1"]
    assert latin1.score == 0 and "not UTF-8" in latin1.notes["corr2d"]
