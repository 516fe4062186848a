"""One student's submission through the real checks: every broken form is a per-check
failure that names the problem, never a crashed run; results record points and seeds."""

import json
import subprocess
import sys

import jupytext

from autograder.course.verify import run_checks


def _run(paths, impl, seed=None):
    return run_checks(paths, ["corr2d"], impl=impl, seed=seed)


def test_a_syntax_error_fails_only_what_it_hides(paths, tmp_path):
    text = paths.solution("corr2d").read_text()
    broken = text.replace("def corr2d_pad_stride(", "def corr2d_pad_stride(((", 1)
    (tmp_path / "corr2d.py").write_text(broken)
    run = _run(paths, tmp_path)
    failed = [c for c in run.checks if not c.passed]
    assert failed and all("corr2d_pad_stride" in c.message for c in failed)
    assert "SyntaxError" in failed[0].message
    assert any(c.passed for c in run.checks)  # corr2d itself still graded


def test_a_missing_function_is_named(paths, tmp_path):
    text = (
        paths.solution("corr2d").read_text().replace("def corr2d_multi_in_out_1x1(", "def renamed(")
    )
    (tmp_path / "corr2d.py").write_text(text)
    run = _run(paths, tmp_path)
    failed = [c for c in run.checks if not c.passed]
    assert failed
    assert all(
        "corr2d_multi_in_out_1x1 is not defined in your submission" in c.message for c in failed
    )


def test_no_submission_and_a_broken_notebook_fail_every_check_with_the_reason(paths, tmp_path):
    run = _run(paths, tmp_path)
    assert run.score == 0 and all("no submission for corr2d" in c.message for c in run.checks)
    (tmp_path / "corr2d.ipynb").write_text('{"cells": [')
    run = _run(paths, tmp_path)
    assert run.score == 0 and all("not a valid notebook" in c.message for c in run.checks)


def test_a_notebook_of_the_reference_gets_full_marks(paths, tmp_path):
    notebook = jupytext.read(paths.solution("corr2d"), fmt="py:percent")
    jupytext.write(notebook, tmp_path / "corr2d.ipynb", fmt="ipynb")
    run = _run(paths, tmp_path / "corr2d.ipynb")
    assert run.score == run.max_score > 0


def test_results_record_points_seeds_and_warnings(paths, tmp_path):
    text = paths.solution("corr2d").read_text() + (
        "\n# %%\nimport warnings\n_ref = corr2d\n"
        "def corr2d(X, K):\n    warnings.warn('deprecated style')\n    return _ref(X, K)\n"
    )
    (tmp_path / "corr2d.py").write_text(text)
    first, second = _run(paths, tmp_path), _run(paths, tmp_path)
    assert first.score == first.max_score  # a warning never fails a check
    assert any("UserWarning: deprecated style" in w for c in first.checks for w in c.warnings)
    assert first.public_seed == 0 and first.hidden_seed != second.hidden_seed
    hidden = [c for c in first.checks if c.visibility == "hidden" and c.seed is not None]
    assert hidden and sum(c.points for c in first.checks) == first.max_score
    fixed_a, fixed_b = _run(paths, tmp_path, seed=7), _run(paths, tmp_path, seed=7)
    assert [c.seed for c in fixed_a.checks] == [c.seed for c in fixed_b.checks]
    assert fixed_a.hidden_seed == 7


def test_a_student_sees_one_line_per_failure_not_a_traceback(paths, tmp_path):
    results = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", str(paths.public_test("corr2d")), f"--results={results}"],
        cwd=paths.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "corr2d is not implemented yet: it raises NotImplementedError" in done.stdout
    assert "Traceback" not in done.stdout and "def test_" not in done.stdout
    assert "corr2d               0 of 14 public checks pass" in done.stdout
    data = json.loads(results.read_text())
    assert {"id", "points", "passed", "message", "seed"} <= set(data["checks"][0])
