"""The trusted side reads student files as bytes, never as paths to follow (issue 13,
items 1-3): links, FIFOs and hard links are refused with a note, any bytes are accepted,
and no work on student text is super-linear.

Time limits here are on this process's CPU time (``time.process_time``), never on the
wall clock, and are generous: linear work takes a fraction of them, the quadratic
behaviour they guard against takes minutes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from autograder.boundary.loader import (
    SubmissionFormatError,
    defined_in_text_cell,
    read_cells,
    source_text,
)
from autograder.checks.forbidden import scan_function
from autograder.grading.studentfiles import StudentFileError, decode_text, read_student_file
from autograder.grading.students import (
    StudentWork,
    find_students,
    fingerprint,
    missing_file_message,
)

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = (ROOT / "solutions/corr2d.py").read_text()
STUB = (ROOT / "exercises/corr2d.py").read_text()
HOSTNAME = Path("/etc/hostname")
CPU_BUDGET_S = 20.0  # linear work here takes well under a second of CPU time


@contextmanager
def cpu_budget(seconds: float = CPU_BUDGET_S) -> Iterator[None]:
    """Fail if the block used more than ``seconds`` of this process's CPU time."""
    started = time.process_time()
    yield
    used = time.process_time() - started
    assert used < seconds, f"{used:.1f} s of CPU time (budget {seconds} s): super-linear work?"


def _notebook(cells: list[tuple[str, str]]) -> str:
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(source))
    return nbformat.writes(nb)


# -- the reader ------------------------------------------------------------------------
def test_a_regular_file_is_read_as_bytes(tmp_path: Path) -> None:
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "corr2d.py").write_bytes(b"x = 1\n\xff")
    assert read_student_file(tmp_path / "alice" / "corr2d.py", root=tmp_path) == b"x = 1\n\xff"


@pytest.mark.parametrize(
    "target",
    [ROOT / "solutions/corr2d.py", Path("../honest/corr2d.py"), HOSTNAME],
    ids=["solution", "classmate", "host-file"],
)
def test_a_symbolic_link_is_refused_and_its_target_never_read(tmp_path: Path, target) -> None:
    (tmp_path / "honest").mkdir()
    (tmp_path / "honest" / "corr2d.py").write_text(SOLUTION)
    (tmp_path / "mallory").mkdir()
    (tmp_path / "mallory" / "corr2d.py").symlink_to(target)
    with pytest.raises(StudentFileError, match="corr2d.py is a symbolic link; submit the file"):
        read_student_file(tmp_path / "mallory" / "corr2d.py", root=tmp_path / "mallory")
    with pytest.raises(SubmissionFormatError, match="symbolic link"):
        read_cells(tmp_path / "mallory" / "corr2d.py")


def test_a_linked_folder_on_the_path_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "source" / "conv1"
    source.mkdir(parents=True)
    (source / "corr2d.ipynb").write_text(_notebook([("code", SOLUTION)]))
    (tmp_path / "submitted" / "mallory").mkdir(parents=True)
    (tmp_path / "submitted" / "mallory" / "conv1").symlink_to("../../source/conv1")
    path = tmp_path / "submitted" / "mallory" / "conv1" / "corr2d.ipynb"
    with pytest.raises(StudentFileError, match="conv1 is a symbolic link; submit the folder"):
        read_student_file(path, root=tmp_path / "submitted" / "mallory")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "corr2d.py")
    with pytest.raises(StudentFileError, match=r"corr2d.py is a named pipe \(FIFO\)"):
        read_student_file(tmp_path / "corr2d.py", root=tmp_path)


def test_a_hard_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "solution.py").write_text(SOLUTION)
    (tmp_path / "mallory").mkdir()
    os.link(tmp_path / "solution.py", tmp_path / "mallory" / "corr2d.py")
    with pytest.raises(StudentFileError, match="corr2d.py is a hard link"):
        read_student_file(tmp_path / "mallory" / "corr2d.py", root=tmp_path / "mallory")


def test_a_path_outside_the_folder_and_a_large_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "big.py").write_bytes(b"#" * 2000)
    with pytest.raises(StudentFileError, match="outside the student's folder"):
        read_student_file(tmp_path / "a" / ".." / "a" / "big.py", root=tmp_path / "a")
    with pytest.raises(StudentFileError, match="outside the student's folder"):
        read_student_file(HOSTNAME, root=tmp_path / "a")
    with pytest.raises(StudentFileError, match=r"big.py is too large \(2000 bytes, limit 1000"):
        read_student_file(tmp_path / "a" / "big.py", root=tmp_path / "a", max_bytes=1000)


def test_undecodable_bytes_are_a_note_not_an_exception() -> None:
    text, note = decode_text(b"2024-01-01 \xff\xfe", name="timestamp.txt")
    assert text.startswith("2024-01-01 ") and note.startswith("timestamp.txt is not UTF-8")
    assert decode_text(b"fine", name="x") == ("fine", "")


# -- finding a class's files --------------------------------------------------------------
def _class_with_attacks(base: Path) -> Path:
    klass = base / "class"
    for student, text in {"honest": SOLUTION, "stub": STUB}.items():
        (klass / student).mkdir(parents=True)
        (klass / student / "corr2d.py").write_text(text)
    links = {
        "to_solution": ROOT / "solutions/corr2d.py",
        "to_classmate": Path("../honest/corr2d.py"),
        "to_host": HOSTNAME,
    }
    for student, target in links.items():
        (klass / student).mkdir()
        (klass / student / "corr2d.py").symlink_to(target)
    # nbgrader's layout: the assignment folder is a link to the instructor's source/.
    source = base / "source" / "conv1"
    source.mkdir(parents=True)
    (source / "corr2d.ipynb").write_text(_notebook([("code", SOLUTION)]))
    (klass / "nb_link").mkdir()
    (klass / "nb_link" / "conv1").symlink_to(source)
    (klass / "fifo").mkdir()
    os.mkfifo(klass / "fifo" / "corr2d.py")
    (klass / "hardlink").mkdir()
    (base / "elsewhere.py").write_text(SOLUTION)
    os.link(base / "elsewhere.py", klass / "hardlink" / "corr2d.py")
    (klass / "linked_folder").symlink_to(klass / "honest")
    return klass


def test_find_students_refuses_every_attack_with_a_note(tmp_path: Path) -> None:
    klass = _class_with_attacks(tmp_path)
    found = {work.student: work for work in find_students(klass, ["corr2d"])}
    assert found["honest"].files["corr2d"] == klass / "honest" / "corr2d.py"
    assert found["honest"].refused == {}
    expected = {
        "to_solution": "corr2d.py is a symbolic link; submit the file itself",
        "to_classmate": "corr2d.py is a symbolic link; submit the file itself",
        "to_host": "corr2d.py is a symbolic link; submit the file itself",
        "nb_link": "conv1 is a symbolic link; submit the folder itself",
        "fifo": "corr2d.py is a named pipe (FIFO); submit the file itself",
        "linked_folder": "the student folder linked_folder is a symbolic link",
    }
    for student, reason in expected.items():
        work = found[student]
        assert work.files["corr2d"] is None, student
        assert reason in work.refused["corr2d"], (student, work.refused)
        assert missing_file_message(work, "corr2d") == work.refused["corr2d"]
    assert found["hardlink"].files["corr2d"] is None
    assert "hard link" in found["hardlink"].refused["corr2d"]


def test_a_fingerprint_never_reads_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "target.py").write_text("one")
    (tmp_path / "class" / "mallory").mkdir(parents=True)
    (tmp_path / "class" / "mallory" / "corr2d.py").symlink_to(tmp_path / "target.py")
    (work,) = find_students(tmp_path / "class", ["corr2d"])
    before = fingerprint(work, ["corr2d"], "checks")
    (tmp_path / "target.py").write_text("two")
    assert fingerprint(work, ["corr2d"], "checks") == before
    honest = StudentWork("x", {"corr2d": tmp_path / "target.py"}, tmp_path)
    assert fingerprint(honest, ["corr2d"], "checks") != before


def test_a_bad_timestamp_is_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "class" / "alice" / "conv1"
    folder.mkdir(parents=True)
    (folder / "corr2d.py").write_text(SOLUTION)
    (folder / "timestamp.txt").write_bytes(b"2024-01-01 \xff\xfe\x00 UTC")
    (work,) = find_students(tmp_path / "class", ["corr2d"])
    assert work.files["corr2d"] == folder / "corr2d.py"
    assert "conv1/timestamp.txt is not UTF-8" in work.notes["timestamp.txt"]
    assert "on time" in work.notes["timestamp.txt"]


# -- bounded work on student text -------------------------------------------------------
def test_a_markdown_cell_of_60000_blank_lines_is_scanned_in_linear_time(tmp_path: Path) -> None:
    notebook = tmp_path / "corr2d.ipynb"
    blank = "\n" * 60_000
    notebook.write_text(
        _notebook([("markdown", blank + "x"), ("markdown", "def corr2d(X, K):\n  pass")])
    )
    script = tmp_path / "corr2d.py"
    script.write_text("# %% [markdown]\n" + "#\n" * 60_000 + "# %% [markdown]\n# def corr2d(X):\n")
    with cpu_budget():  # the regex it replaces took 16 s at 20,000 lines, 144 s at 60,000
        assert defined_in_text_cell(notebook, "corr2d")
        assert not defined_in_text_cell(notebook, "corr2d_multi_in")
        assert defined_in_text_cell(script, "corr2d")
        assert not defined_in_text_cell(script, "pool2d")


def test_a_definition_in_a_code_cell_is_not_reported_as_markdown(tmp_path: Path) -> None:
    notebook = tmp_path / "corr2d.ipynb"
    notebook.write_text(_notebook([("code", "def corr2d(X, K):\n  pass"), ("markdown", "# hi")]))
    assert not defined_in_text_cell(notebook, "corr2d")
    assert not defined_in_text_cell(tmp_path / "missing.ipynb", "corr2d")


def _deep_json() -> str:
    return '{"cells": ' + "[" * 200_000 + "]" * 200_000 + "}"


PATHOLOGICAL: dict[str, Callable[[], tuple[str, str]]] = {
    "a cell of 10^5 lines": lambda: (".py", "# %%\n" + "x = 1\n" * 100_000),
    "one 7 MB line": lambda: (".py", "# %%\nx = '" + "a" * 7_000_000 + "'\n"),
    "60,000 blank lines in markdown": lambda: (
        ".ipynb",
        _notebook([("markdown", "\n" * 60_000), ("code", SOLUTION)]),
    ),
    "deep JSON nesting": lambda: (".ipynb", _deep_json()),
    "10^4 cells": lambda: (".py", "\n".join(f"# %%\nx{i} = {i}" for i in range(10_000))),
}


@pytest.mark.parametrize("case", list(PATHOLOGICAL))
def test_pathological_files_are_read_and_scanned_within_a_cpu_budget(
    tmp_path: Path, case: str
) -> None:
    suffix, text = PATHOLOGICAL[case]()
    path = tmp_path / f"corr2d{suffix}"
    path.write_text(text)
    with cpu_budget():
        try:
            code = "\n".join(cell.source for cell in read_cells(path))
        except SubmissionFormatError as error:
            assert case == "deep JSON nesting" and "nested too deeply" in str(error)
            code = ""
        defined_in_text_cell(path, "corr2d")
        defined_in_text_cell(path, "corr2d_missing")
        assert source_text(path) == code
        scan_function(code, "corr2d", ["convolution"])


def test_a_ten_megabyte_line_is_refused_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "corr2d.py"
    path.write_text("x = '" + "a" * 10_000_000 + "'\n")
    with pytest.raises(SubmissionFormatError, match="corr2d.py is too large"):
        read_cells(path)


@pytest.mark.parametrize(
    "source",
    [
        "def corr2d(X, K):\n    return " + "-" * 200_000 + "X\n",
        "def corr2d(X, K):\n    return " + "(" * 5_000 + "X" + ")" * 5_000 + "\n",
        "def corr2d(X, K):\n    return X" + "[0]" * 100_000 + "\n",
        "def corr2d(X, K):\n    return 1\x00\n",
    ],
    ids=["unary", "parentheses", "subscripts", "null-byte"],
)
def test_the_static_scan_survives_deep_or_odd_code(source: str) -> None:
    with cpu_budget():
        assert scan_function(source, "corr2d", ["convolution"]) == []


# -- nbgrader's autograded/ copy ------------------------------------------------------------
def _result(student: str):
    from autograder.grading.results import RunResult, StudentResult

    run = RunResult(impl=student, public_seed=0, hidden_seed=0, checks=[])
    return StudentResult(
        student=student,
        fingerprint="",
        graded_at="",
        sandbox="",
        duration_s=0.0,
        score=0.0,
        possible=0.0,
        exercises={},
        run=run,
    )


def test_write_autograded_copies_only_what_it_read_safely(tmp_path: Path) -> None:
    from autograder.grading.autograded import write_autograded
    from autograder.outputs.gradebook import _timestamp

    course = tmp_path / "course"
    secret = course / "source" / "conv1" / "corr2d.ipynb"
    secret.parent.mkdir(parents=True)
    secret.write_text(_notebook([("code", "SECRET_SOLUTION = 1")]))
    released = course / "release" / "conv1" / "corr2d.ipynb"
    released.parent.mkdir(parents=True)
    released.write_text(_notebook([("code", "RELEASED = 1")]))
    folder = course / "submitted" / "mallory" / "conv1"
    folder.mkdir(parents=True)
    (folder / "corr2d.ipynb").symlink_to("../../../source/conv1/corr2d.ipynb")
    (folder / "copy.ipynb").symlink_to(secret)
    (folder / "mine.ipynb").write_text(_notebook([("code", "x = 1")]))
    (folder / "timestamp.txt").write_bytes(b"\xff\xfe not a date")
    assert _timestamp(folder) is None
    written = write_autograded(course, "conv1", _result("mallory"))
    target = course / "autograded" / "mallory" / "conv1"
    # Only released notebooks are written: the linked one as the release with a note
    # saying why the student's was not read; the others (not released) not at all.
    assert written == [target / "corr2d.ipynb"]
    assert sorted(p.name for p in target.iterdir()) == ["corr2d.ipynb"]
    shown = (target / "corr2d.ipynb").read_text()
    assert "symbolic link" in shown and "SECRET_SOLUTION" not in shown
    linked = course / "submitted" / "linked"
    linked.mkdir()
    (linked / "conv1").symlink_to(secret.parent)
    assert write_autograded(course, "conv1", _result("linked")) == []
    assert not (course / "autograded" / "linked").exists()
    everything = "".join(p.read_text() for p in (course / "autograded").rglob("*") if p.is_file())
    assert "SECRET_SOLUTION" not in everything


def test_a_good_timestamp_is_read_and_copied(tmp_path: Path) -> None:
    from autograder.grading.autograded import write_autograded
    from autograder.outputs.gradebook import _timestamp

    folder = tmp_path / "submitted" / "alice" / "conv1"
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2024-03-01 12:00:00.000000 UTC\n")
    stamp = _timestamp(folder)
    assert stamp is not None and (stamp.year, stamp.month, stamp.hour) == (2024, 3, 12)
    write_autograded(tmp_path, "conv1", _result("alice"))
    copied = tmp_path / "autograded" / "alice" / "conv1" / "timestamp.txt"
    assert copied.read_text().strip() == "2024-03-01 12:00:00.000000 UTC"


# -- one engine run: the attacks next to an honest student --------------------------------
@pytest.fixture(scope="module")
def graded_class(tmp_path_factory: pytest.TempPathFactory, course_of_one):
    from autograder.grading.batch import grade_class
    from autograder.grading.classrun import GradeOptions

    base = tmp_path_factory.mktemp("reader")
    paths = course_of_one(base / "course", "corr2d", call_timeout_s=3, submission_timeout_s=40)
    klass = _class_with_attacks(base)
    for name, make in PATHOLOGICAL.items():
        suffix, text = make()
        student = "patho_" + "".join(c if c.isalnum() else "_" for c in name)
        (klass / student).mkdir()
        (klass / student / f"corr2d{suffix}").write_text(text)
    stamp = klass / "badstamp" / "conv1"
    stamp.mkdir(parents=True)
    (stamp / "corr2d.py").write_text(SOLUTION)
    (stamp / "timestamp.txt").write_bytes(b"\x80\x81 garbage")
    started = time.process_time()
    report = grade_class(
        paths,
        GradeOptions(submissions=klass, out=base / "results", exercises=("corr2d",), jobs=1),
    )
    cpu_s = time.process_time() - started
    return report, base / "results", cpu_s


def test_the_class_is_graded_and_every_attack_earns_nothing(graded_class) -> None:
    report, out, cpu_s = graded_class
    assert report.failed == []
    by_student = {r.student: r for r in report.results}
    assert by_student["honest"].score == by_student["honest"].possible == 32
    assert by_student["badstamp"].score == 32
    assert "not UTF-8" in by_student["badstamp"].notes["timestamp.txt"]
    for student in ("to_solution", "to_classmate", "to_host", "nb_link", "fifo", "hardlink"):
        result = by_student[student]
        assert result.score == 0, student
        assert "submit the" in result.notes["corr2d"], (student, result.notes)
    assert "symbolic link" in by_student["linked_folder"].notes["corr2d"]
    assert by_student["linked_folder"].score == 0
    # the honest notebook next to 60,000 blank lines: graded as usual
    honest = by_student["patho_60_000_blank_lines_in_markdown"]
    assert honest.score == honest.possible > 0
    # The trusted process's own CPU time (not the workers'), pathological files included.
    assert cpu_s < 120, f"{cpu_s:.0f} s of CPU time in the trusted process"


def test_nothing_of_a_link_target_reaches_results_or_feedback(graded_class) -> None:
    _, out, _ = graded_class
    host = HOSTNAME.read_text().strip() if HOSTNAME.is_file() else ""
    texts = [p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()]
    everything = "\n".join(texts)
    assert "corr2d.py is a symbolic link" in everything
    if host:
        assert f"'{host}'" not in everything and f"name '{host}' is not defined" not in everything


def test_a_huge_source_is_cut_to_the_function_and_still_scanned() -> None:
    padding = "x = 1\n" * 200_000  # 1.2 MB: parsing all of it took seconds and gigabytes
    source = (
        "import torch.nn.functional as F\n"
        + padding
        + "def corr2d(X, K):\n    return F.conv2d(X, K)\n"
    )
    with cpu_budget():
        (use,) = scan_function(source, "corr2d", ["convolution"])
    assert (use.name, use.line) == ("conv2d", 200_003)
