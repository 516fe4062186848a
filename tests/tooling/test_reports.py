"""Feedback and exports, from one student's results."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from autograder.course.model import CoursePaths
from autograder.grading.late import LatePolicy, late_penalty
from autograder.grading.manual import manual_points, points_label
from autograder.grading.results import CheckResult, RunResult, StudentResult
from autograder.outputs.feedback import gradescope_results, write_all


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


# -- the late rule and the points graded by hand -------------------------------------
DUE = datetime(2026, 12, 11, 23, 59, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("late_by", "days"),
    [
        (timedelta(seconds=-1), 0),
        (timedelta(0), 0),
        (timedelta(seconds=1), 1),  # started days: one second late is one day
        (timedelta(days=1), 1),
        (timedelta(days=1, hours=3), 2),
    ],
)
def test_late_rule_counts_started_days(late_by: timedelta, days: int) -> None:
    lateness = late_penalty(57, due=DUE, submitted=DUE + late_by, per_day=0.1)
    assert lateness.days_late == days
    assert lateness.penalty == pytest.approx(5.7 * days)
    assert lateness.final == pytest.approx(57 - 5.7 * days)


def test_late_rule_edges() -> None:
    # nbgrader's naive datetimes mean UTC; another time zone is the same instant.
    naive = (DUE + timedelta(hours=1)).replace(tzinfo=None)
    assert late_penalty(57, due=DUE, submitted=naive, per_day=0.1).days_late == 1
    paris = DUE.astimezone(timezone(timedelta(hours=1)))
    assert late_penalty(57, due=DUE, submitted=paris, per_day=0.1).days_late == 0
    # never more than the whole score; no due date or no time stamp: on time
    assert late_penalty(57, due=DUE, submitted=DUE + timedelta(days=9), per_day=0.5).final == 0
    assert late_penalty(57, due=None, submitted=DUE, per_day=0.1).penalty == 0
    assert late_penalty(57, due=DUE, submitted=None, per_day=0.1).final == 57
    with pytest.raises(ValueError, match="between 0 and 1"):
        late_penalty(57, due=DUE, submitted=DUE, per_day=1.5)


def _late() -> LatePolicy:
    return LatePolicy(
        per_day=0.1, due={"ana": DUE}, submitted={"ana": DUE + timedelta(days=1, hours=3)}
    )


def test_a_late_student_sees_raw_penalty_and_final_everywhere(tmp_path: Path) -> None:
    paths = write_all([_result()], tmp_path, assignment="conv1", title="Convolutions", late=_late())
    markdown = (paths["feedback"] / "ana.md").read_text()
    html = (paths["feedback"] / "ana.html").read_text()
    for text in (markdown, html):
        assert "Score: 0.8 / 3" in text
        assert "2 started day(s) after the due date (2026-12-11 23:59 UTC)" in text
        assert "1 - 0.2 = 0.8" in text
    results = json.loads((paths["gradescope"] / "ana" / "results.json").read_text())
    assert results["score"] == pytest.approx(0.8)
    assert results["extra_data"]["raw_score"] == 1 and results["extra_data"]["days_late"] == 2
    assert results["extra_data"]["late_penalty"] == pytest.approx(0.2)
    assert "1 - 0.2 = 0.8" in results["output"]
    rows = list(csv.reader(paths["lms"].open()))
    assert rows[2][0] == "ana" and rows[2][-1] == "0.8"  # the LMS gets the final score


def test_on_time_shows_no_penalty(tmp_path: Path) -> None:
    on_time = LatePolicy(per_day=0.1, due={"ana": DUE}, submitted={"ana": DUE})
    paths = write_all([_result()], tmp_path, assignment="conv1", title="C", late=on_time)
    assert "Late" not in (paths["feedback"] / "ana.md").read_text()
    assert list(csv.reader(paths["lms"].open()))[2][-1] == "1"


def test_manual_points_are_named_wherever_totals_appear(tmp_path: Path) -> None:
    paths = write_all([_result()], tmp_path, assignment="quiz", title="Quiz", manual={"corr2d": 4})
    markdown = (paths["feedback"] / "ana.md").read_text()
    html = (paths["feedback"] / "ana.html").read_text()
    for text in (markdown, html):
        assert "Score: 1 / 3 auto + 4 manual" in text
        assert "corr2d: 1 / 3 auto + 4 manual" in text
        assert "graded by hand in nbgrader" in text
    rows = list(csv.reader(paths["lms"].open()))
    assert rows[0][-1] == "Quiz [3 auto + 4 manual] (quiz)"
    assert rows[1][-1] == "3"  # Points Possible stays a number an LMS can import
    results = json.loads((paths["gradescope"] / "ana" / "results.json").read_text())
    assert results["extra_data"]["points_possible"] == "3 auto + 4 manual"


def test_manual_points_come_from_the_free_text_cells(paths: CoursePaths) -> None:
    assert manual_points(paths, ["unit_quiz", "corr2d"]) == {"unit_quiz": 4, "corr2d": 0}
    assert points_label(15, 4) == "15 auto + 4 manual" and points_label(26, 0) == "26"
