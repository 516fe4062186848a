"""Feedback and exports, from one student's results."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from autograder.grading import StudentResult
from autograder.reports import gradescope_results, write_all
from autograder.results import CheckResult, RunResult


def _result() -> StudentResult:
    checks = [
        CheckResult(
            id="tests/public/test_corr2d.py::test_textbook_example",
            exercise="corr2d",
            visibility="public",
            points=1,
            passed=True,
            outcome="passed",
        ),
        CheckResult(
            id="tests/hidden/test_corr2d.py::test_random_shapes[a]",
            exercise="corr2d",
            visibility="hidden",
            points=2,
            passed=False,
            outcome="failed",
            message="corr2d raised ValueError: <script>alert(1)</script> | oops",
            warnings=["UserWarning: slow"],
        ),
    ]
    run = RunResult(impl="ana", public_seed=1, hidden_seed=2, checks=checks)
    return StudentResult(
        student="ana",
        fingerprint="f",
        graded_at="2026-11-21T10:00:00+00:00",
        sandbox="bubblewrap",
        duration_s=0.1,
        score=run.score,
        possible=run.max_score,
        exercises=run.by_exercise(),
        notes={"corr2d": "cell 2 line 1: ZeroDivisionError"},
        run=run,
    )


def test_feedback_lists_every_check_and_escapes_student_text(tmp_path: Path) -> None:
    paths = write_all([_result()], tmp_path, assignment="conv1", title="Convolutions")
    markdown = (paths["feedback"] / "ana.md").read_text()
    html = (paths["feedback"] / "ana.html").read_text()
    for text in (markdown, html):
        assert "1 / 3" in text and "test_textbook_example" in text
        assert "test_random_shapes[a]" in text and "UserWarning: slow" in text
        assert "ZeroDivisionError" in text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\\| oops" in markdown  # a table cell cannot be broken by a student's message


def test_gradescope_shows_hidden_checks_after_the_due_date() -> None:
    tests = gradescope_results(_result())["tests"]
    assert [t["visibility"] for t in tests] == ["visible", "after_due_date"]
    assert [(t["score"], t["max_score"]) for t in tests] == [(1, 1), (0, 2)]


def test_lms_csv_has_a_column_per_assignment(tmp_path: Path) -> None:
    paths = write_all([_result()], tmp_path, assignment="conv1", title="Convolutions")
    rows = list(csv.reader(paths["lms"].open()))
    assert rows[0][-1] == "Convolutions (conv1)" and rows[1][-1] == "3"
    assert rows[2][0] == "ana" and rows[2][3] == "ana" and rows[2][-1] == "1"
    results = json.loads((paths["gradescope"] / "ana" / "results.json").read_text())
    assert results["score"] == 1
