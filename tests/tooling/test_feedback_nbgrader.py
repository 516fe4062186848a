"""The engine's grades in nbgrader's own tools, on a real nbgrader course of one exercise:
one late student, the same raw score, penalty and final score in the gradebook
(`nbgrader export`), the feedback, results.json and the LMS CSV; `generate_feedback`
shows why each check failed; a grade scored by hand stays flagged for review."""

from __future__ import annotations

import copy
import csv
import html
import json
import re
from datetime import timedelta, timezone
from pathlib import Path

import jupytext
import nbformat
import pytest

from autograder.course.build import build_course
from autograder.grading.autograded import autograded_notebook
from autograder.grading.results import CheckResult

from .conftest import nbgrader_export, nbgrader_step

ROOT = Path(__file__).resolve().parents[2]
MUTANT = ROOT / "tests/mutants/corr2d/off_by_one_range.py"
# A failed check's message for the off-by-one mutant, as the engine words it.
# The off-by-one mutant fails this hidden check (grade cells are hidden checks only).
FAILED_MESSAGE = "corr2d vs the library"


def _filled_in(source: Path, release: Path, extra: str) -> nbformat.NotebookNode:
    """The released notebook with the solution cells filled in, and one more cell."""
    done = nbformat.read(source, as_version=4)
    notebook = nbformat.read(release, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = done.cells[index].source
    notebook.cells.insert(-23, nbformat.v4.new_code_cell(extra))
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, course_of_one):
    """corr2d's course built and released; ana hands in the off-by-one mutant through
    the released notebook, 1 day 3 hours late; ben the same as a plain jupytext
    notebook (no nbgrader cells), on time. Graded by the engine into the gradebook, as
    `autograder grade conv1` does, then the exports."""
    from autograder.grading.batch import grade_class
    from autograder.grading.classrun import GradeOptions
    from autograder.outputs.feedback import write_all
    from autograder.outputs.gradebook import late_policy, record_scores

    base = tmp_path_factory.mktemp("feedback")
    paths = course_of_one(base, "corr2d")
    course = paths.load()
    built = build_course(paths, course, course_dir=base / "nbgrader")
    course_dir = built.course_dir
    ana = course_dir / "submitted" / "ana" / "conv1"
    ana.mkdir(parents=True)
    mutant = MUTANT.read_text()
    notebook = _filled_in(built.source_notebooks[0], built.released[0], mutant)
    nbformat.write(notebook, ana / "corr2d.ipynb")
    due = course.assignments[0].due
    assert due is not None
    late = (due + timedelta(days=1, hours=3)).astimezone(timezone.utc)  # 2 started days
    (ana / "timestamp.txt").write_text(late.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
    ben = course_dir / "submitted" / "ben" / "conv1"
    ben.mkdir(parents=True)
    text = paths.solution("corr2d").read_text() + "\n# %%\n" + mutant
    (ben / "corr2d.ipynb").write_text(
        jupytext.writes(jupytext.reads(text, fmt="py:percent"), fmt="ipynb")
    )
    out = base / "results"
    report = grade_class(
        paths,
        GradeOptions(submissions=course_dir / "submitted", out=out, exercises=("corr2d",), jobs=1),
    )
    per_day = 0.1
    record_scores(
        course_dir=course_dir,
        course_id=course.course_id,
        assignment="conv1",
        results=report.results,
        late_penalty_per_day=per_day,
    )
    policy = late_policy(
        course_dir=course_dir,
        course_id=course.course_id,
        assignment="conv1",
        students=["ana", "ben"],
        per_day=per_day,
    )
    exports = write_all(report.results, out, assignment="conv1", title="C1", late=policy)
    export = nbgrader_export(course_dir, course.course_id, base / "grades.csv")
    nbgrader_step(course_dir, "generate_feedback", "conv1")
    rows = {r["student_id"]: r for r in csv.DictReader(export.open())}
    return paths, course_dir, report, exports, rows


def _text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text()))


def test_one_late_score_in_gradebook_feedback_results_json_and_lms(graded) -> None:
    _, course_dir, report, exports, rows = graded
    (ana,) = [r for r in report.results if r.student == "ana"]
    raw = ana.score
    assert 0 < raw < 32
    penalty, final = round(raw * 0.2, 4), round(raw * 0.8, 4)
    shown = f"{raw:g} - {penalty:g} = {final:g}"
    row = rows["ana"]  # nbgrader export, from the gradebook
    assert float(row["raw_score"]) == raw
    assert float(row["late_submission_penalty"]) == pytest.approx(penalty)
    assert float(row["score"]) == pytest.approx(final)
    for suffix in ("md", "html"):
        feedback = (exports["feedback"] / f"ana.{suffix}").read_text()
        assert f"Score: {final:g} / 32" in feedback and shown in feedback
        assert "2 started day(s) after the due date" in feedback
    results = json.loads((exports["gradescope"] / "ana" / "results.json").read_text())
    assert results["score"] == pytest.approx(final) and shown in results["output"]
    assert results["extra_data"]["raw_score"] == raw
    lms = {r[0]: r[-1] for r in csv.reader(exports["lms"].open())}
    assert float(lms["ana"]) == pytest.approx(final)
    # nbgrader's own feedback page: the same final score
    page = _text(course_dir / "feedback" / "ana" / "conv1" / "corr2d.html")
    assert f"Score: {round(final, 2)} / 32.0" in page
    # ben has no time stamp: on time everywhere
    assert float(rows["ben"]["late_submission_penalty"]) == 0
    assert "Late" not in (exports["feedback"] / "ben.md").read_text()


@pytest.mark.parametrize("student", ["ana", "ben"])
def test_generate_feedback_shows_why_a_check_failed(graded, student: str) -> None:
    """ana's notebook is the release's; ben's has no grade cells at all (they are added
    back). Either way nbgrader's feedback page carries each check's verdict."""
    _, course_dir, *_ = graded
    page = _text(course_dir / "feedback" / student / "conv1" / "corr2d.html")
    assert f"AssertionError: {FAILED_MESSAGE}" in page
    assert "one row short: the loop should run over range(H - kh + 1)" in page
    assert "passed: test_1x1_is_one_matrix_product" in page
    assert "run_check" not in page  # the grade cells' hidden part is not shown
    assert ("were missing from the submitted notebook" in page) == (student == "ben")


def test_a_grade_scored_by_hand_stays_flagged_for_review(graded) -> None:
    """nbgrader's rule: regrading does not clear needs_manual_grade on a grade that a
    person scored by hand; the others are cleared."""
    from nbgrader.api import Gradebook

    from autograder.outputs.gradebook import record_scores

    paths, course_dir, report, *_ = graded
    course = paths.load()
    url = f"sqlite:///{course_dir / 'gradebook.db'}"
    with Gradebook(url, course.course_id) as gradebook:
        grades = gradebook.find_submission_notebook("corr2d", "conv1", "ana").grades
        by_hand, other = grades[0].name, grades[1].name
        grades[0].manual_score = 0.5
        grades[0].needs_manual_grade = True
        gradebook.db.commit()
    record_scores(
        course_dir=course_dir,
        course_id=course.course_id,
        assignment="conv1",
        results=report.results,
    )
    with Gradebook(url, course.course_id) as gradebook:
        find = gradebook.find_grade
        assert find(by_hand, "corr2d", "conv1", "ana").needs_manual_grade is True
        assert find(by_hand, "corr2d", "conv1", "ana").score == 0.5  # the person's score
        assert find(other, "corr2d", "conv1", "ana").needs_manual_grade is False


def test_a_students_forged_grade_cells_are_made_plain(graded) -> None:
    """Unknown, repeated or retyped grade ids would stop generate_feedback (it looks
    each up in the gradebook); a tampered locked check cell shows the release's text."""
    _, course_dir, *_ = graded
    release = nbformat.read(course_dir / "release" / "conv1" / "corr2d.ipynb", as_version=4)
    submitted = copy.deepcopy(release)
    check_cell = next(
        c for c in submitted.cells if c.metadata["nbgrader"]["grade_id"].startswith("corr2d-h")
    )
    check_id = check_cell.metadata["nbgrader"]["grade_id"]
    check_cell.source = "print('passed')  # my own 'check'"
    forged = nbformat.v4.new_code_cell("x = 1")
    forged.metadata["nbgrader"] = dict(check_cell.metadata["nbgrader"], grade_id="made-up")
    twin = nbformat.v4.new_code_cell("y = 2")
    twin.metadata["nbgrader"] = dict(check_cell.metadata["nbgrader"])
    submitted.cells += [forged, twin]
    verdict = CheckResult(
        id="tests/public/x.py::c",
        exercise="corr2d",
        visibility="public",
        points=1,
        passed=False,
        outcome="failed",
        message="wrong",
    )
    result = autograded_notebook(submitted, release, {check_id: verdict})
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in result.cells]
    assert "made-up" not in ids and ids.count(check_id) == 1
    (shown,) = [
        c for c in result.cells if c.metadata.get("nbgrader", {}).get("grade_id") == check_id
    ]
    assert "my own" not in shown.source and shown.outputs[0]["evalue"] == "wrong"
    unreadable = autograded_notebook(None, release, {check_id: verdict}, unreadable="bad JSON")
    assert "could not be read: bad JSON" in unreadable.cells[0].source
