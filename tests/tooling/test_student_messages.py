"""What a student reads: places named as the student sees them, capped output with a
note, an honest score table, and the compact notebook check."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import jupytext
import nbformat
import pytest

from autograder.boundary.submission import StudentCodeError, Submission
from autograder.boundary.transport import InProcessTransport
from autograder.checks.selfcheck import check, history_file

ROOT = Path(__file__).resolve().parents[2]


def _notebook(path: Path, cells: list[tuple[str, str, int | None]]) -> Path:
    notebook = nbformat.v4.new_notebook()
    for kind, source, count in cells:
        if kind == "markdown":
            notebook.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cell = nbformat.v4.new_code_cell(source)
            cell.execution_count = count
            notebook.cells.append(cell)
    nbformat.write(notebook, path)
    return path


def _load(path: Path, **options: object) -> Submission:
    return Submission(InProcessTransport(call_timeout_s=5, **options), exercise="corr2d", path=path)  # type: ignore[arg-type]


def test_a_notebook_message_names_the_cell_and_its_prompt(tmp_path: Path) -> None:
    path = _notebook(
        tmp_path / "corr2d.ipynb",
        [
            ("markdown", "# Exercise", None),
            ("markdown", "Text", None),
            ("code", "import torch", 1),
            ("markdown", "More text", None),
            ("code", "def corr2d(X, K):\n    h = X + K\n    raise ValueError('boom')", 3),
            ("code", "x = 1\ndef corr2d_multi_in(:\n    pass", 7),
            ("code", "def never_run():\n    return 1 / 0", None),
        ],
    )
    impl = _load(path)
    with pytest.raises(StudentCodeError) as raised:
        impl.corr2d(1, 2)
    assert "(cell 5 (In [3]) line 3, in corr2d)" in str(raised.value)
    with pytest.raises(StudentCodeError) as raised:
        impl.corr2d_multi_in(1, 2)
    assert "cell 6 (In [7]) line 2: SyntaxError" in str(raised.value)
    with pytest.raises(StudentCodeError) as raised:
        impl.never_run()
    assert "(cell 7 line 2, in never_run)" in str(raised.value)  # never run: no prompt
    assert str(tmp_path) not in str(raised.value)


def test_a_py_file_message_names_the_files_own_line(tmp_path: Path) -> None:
    path = tmp_path / "corr2d.py"
    path.write_text("# %%\nimport torch\n\n# %%\ndef corr2d(X, K):\n    return 1 / 0\n")
    with pytest.raises(StudentCodeError) as raised:
        _load(path).corr2d(1, 2)
    assert "(line 6, in corr2d)" in str(raised.value) and "cell" not in str(raised.value)


def test_the_notebook_self_check_names_prompts_not_temporary_files() -> None:
    history = [
        "",
        "import torch",
        "def corr2d(X, K):\n    raise ValueError(X.shape)",
        "check('corr2d')",
    ]
    path = history_file(history, "corr2d")
    with pytest.raises(StudentCodeError) as raised:
        _load(path).corr2d(__import__("torch").ones(2, 2), 1)
    assert "(In [2] line 2, in corr2d)" in str(raised.value)
    assert "autograder-kernel" not in str(raised.value)


def test_the_notebook_self_check_names_the_cells_place_when_the_notebook_is_saved(
    tmp_path: Path,
) -> None:
    body = "def corr2d(X, K):\n    raise ValueError(X.shape)"
    saved = _notebook(
        tmp_path / "corr2d.ipynb",
        [("markdown", "# Exercise", None), ("code", "import torch", 1), ("code", body, 2)],
    )
    history = ["", "import torch", body, "check('corr2d')"]
    path = history_file(history, "corr2d", saved)
    with pytest.raises(StudentCodeError) as raised:
        _load(path).corr2d(__import__("torch").ones(2, 2), 1)
    assert "(cell 3 (In [2]) line 2, in corr2d)" in str(raised.value)


def test_the_self_checks_own_cells_are_not_the_students_work_and_cell_marks_stay_comments() -> None:
    history = ["", "# %% a student's comment\ndef f():\n    return 1", "check('corr2d')"]
    text = history_file(history, "corr2d").read_text()
    assert "check(" not in text and text.count("# %% In [") == 1


def test_output_is_capped_with_a_note_no_warning_filter_can_hide(tmp_path: Path, capsys) -> None:
    path = tmp_path / "corr2d.py"
    path.write_text(
        "import warnings\nwarnings.simplefilter('ignore')\n"
        "def corr2d(X, K):\n    for i in range(5000):\n        print(i, 'x' * 40)\n    return 7\n"
    )
    impl = _load(path, output_kb=4)
    capsys.readouterr()
    assert impl.corr2d(1, 2) == 7
    shown = capsys.readouterr().out
    assert 4 * 1024 - 100 < len(shown) <= 4 * 1024
    assert any("output cut" in w and "4 KiB" in w for w in impl.warnings)
    impl.warnings.clear()
    assert impl.corr2d(1, 2) == 7
    assert not any("output cut" in w for w in impl.warnings)  # said once per submission


def _pytest(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *args, "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.stdout + done.stderr


def test_the_public_score_table_says_what_it_is() -> None:
    out = _pytest("tests/public/test_corr2d.py", "--impl=solutions", "-q")
    assert "score: public checks only" in out
    assert "corr2d               14 of 14 public checks pass; graded out of 32" in out
    assert "Public checks carry no points: your grade comes from the hidden checks" in out


def test_the_compact_check_prints_one_line_per_check(capsys) -> None:
    report = check("corr2d", impl=ROOT / "solutions")
    out = capsys.readouterr().out
    assert report.all_passed and report.passed == report.counted == 14
    assert out.splitlines()[0] == "corr2d: 14 of 14 public checks pass"
    assert out.count("  ok    ") == 14 and "the hidden checks (32 points) on inputs" in out
    assert "\nF" not in out and "====" not in out
    part = check("corr2d", "multi_in", impl=ROOT / "exercises")
    out = capsys.readouterr().out
    assert 0 < len(part.checks) < 12 and all("multi_in" in c.id for c in part.checks)
    assert not part.all_passed and "  FAIL  multi_in" in out and "not implemented yet" in out
    missing = check("corr2d", "no_such_part", impl=ROOT / "solutions")
    assert "no public check of corr2d has 'no_such_part'" in capsys.readouterr().out
    assert not missing.all_passed


def test_the_compact_check_runs_in_a_notebook_on_the_cells_run_so_far(capsys, monkeypatch) -> None:
    import __main__

    code = [
        c.source for c in jupytext.read(ROOT / "solutions/corr2d.py").cells if c.cell_type == "code"
    ]
    monkeypatch.setattr(__main__, "In", ["", *code, 'check("corr2d")'], raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert check("corr2d").all_passed
    assert "autograder-kernel" not in capsys.readouterr().out


def test_a_missing_student_id_is_a_notice_in_the_score_table_and_the_results(
    tmp_path: Path, monkeypatch
) -> None:
    from autograder.grading.results import RunResult
    from autograder.quiz import NO_ID_NOTICE, STUDENT_ENV

    for name in STUDENT_ENV:
        monkeypatch.delenv(name, raising=False)
    results = tmp_path / "results.json"
    out = _pytest(
        "tests/public/test_unit_quiz.py", "--impl=solutions", "-q", f"--results={results}"
    )
    assert "notes (1):" in out and "unit_quiz: " + NO_ID_NOTICE.splitlines()[0] in out
    assert "graded out of 29 auto + 4 manual" in out
    (form,) = RunResult.read(results).checks
    assert form.passed and form.warnings == [NO_ID_NOTICE]
    monkeypatch.setenv("AUTOGRADER_STUDENT", "ana")
    assert "notes (" not in _pytest("tests/public/test_unit_quiz.py", "--impl=solutions", "-q")
