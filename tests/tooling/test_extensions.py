"""Per-student extensions and manual overrides, end to end on a real nbgrader course of
one exercise (corr2d, 32 points, 10% a started day): course.yml and an LMS's CSV give
extensions, the pipeline writes them into nbgrader's gradebook as nbgrader's own, and
the one late rule counts from the extended date in the gradebook (`nbgrader export`),
the feedback, results.json and both LMS files. A score set by hand in the formgrader
survives a regrade and is in every total."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jupytext
import pytest

from autograder.course.build import build_course, nbgrader
from autograder.course.model import CourseError, parse_course
from autograder.grading.extensions import ExtensionsError, read_extensions_csv
from autograder.grading.late import extended_due, late_penalty, parse_extension

from .conftest import ROOT

DUE = datetime(2026, 12, 11, 23, 59, tzinfo=timezone.utc)  # conv1's, in course.yml
FULL = 32.0


# -- the rule --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (2, timedelta(days=2)),
        ("2", timedelta(days=2)),
        ("1.5", timedelta(days=1, hours=12)),
        ("2 days", timedelta(days=2)),
        ("1 day 6 hours", timedelta(days=1, hours=6)),
        ("1 week, 2 days", timedelta(days=9)),
        ("36 Hours", timedelta(hours=36)),
        ("2026-12-14T23:59:00+00:00", datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc)),
        ("2026-12-14T23:59:00Z", datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc)),
    ],
)
def test_an_extension_is_days_a_duration_or_a_new_due_date(given: object, expected) -> None:
    assert parse_extension(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (-1, "not positive"),
        ("-2 days", "negative extension"),
        ("0", "not positive"),
        ("2 fortnights", "unknown unit 'fortnights'"),
        ("tomorrow", "not an extension: 'tomorrow'; give a number of days"),
        ("2026-12-14T23:59", "needs a time zone"),
        ("1e400", "too long"),
        ("400 days", "too long"),
        (True, "not an extension"),
        ("", "not an extension"),
    ],
)
def test_a_bad_extension_says_what_to_write(given: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_extension(given)


def test_the_late_rule_counts_from_the_extended_due_date() -> None:
    due = extended_due(DUE, parse_extension("3 days"))
    on_time = late_penalty(26, due=due, submitted=DUE + timedelta(days=2), per_day=0.1)
    assert (on_time.days_late, on_time.final) == (0, 26)
    late = late_penalty(26, due=due, submitted=DUE + timedelta(days=5), per_day=0.1)
    assert (late.days_late, late.penalty, late.final) == (2, 5.2, 20.8)
    assert extended_due(None, timedelta(days=3)) is None  # nothing to extend: on time
    assert extended_due(None, DUE) == DUE and extended_due(DUE, None) == DUE


# -- course.yml ------------------------------------------------------------------------
COURSE = (ROOT / "course.yml").read_text()


def test_course_yml_extensions_by_assignment_and_student() -> None:
    course = parse_course(
        COURSE + "extensions:\n  conv1:\n    alice: 2 days\n    12345: 2026-12-14T23:59:00Z\n"
    )
    assert course.extensions_for("conv1") == {
        "alice": timedelta(days=2),
        "12345": datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc),  # an id, not a number
    }
    assert course.extensions_for("conv2") == {}


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("conv9:\n    alice: 2 days", "extensions.conv9: no assignment 'conv9'"),
        ("conv1:\n    alice: -2 days", "extensions.conv1.alice: Value error, negative extension"),
        (
            "conv1:\n    alice: 2026-12-14",
            "extensions.conv1.alice: Value error, 2026-12-14 is a day",
        ),
        ("conv1:\n    alice: soon", "extensions.conv1.alice: Value error, not an extension"),
        ("conv1:\n    alice: 2026-12-01T00:00:00Z", "extensions.conv1.alice: new due date"),
    ],
)
def test_a_bad_extension_in_course_yml_names_its_key(yaml: str, message: str) -> None:
    with pytest.raises(CourseError, match=message):
        parse_course(COURSE + "extensions:\n  " + yaml + "\n")


def test_an_assignment_without_a_due_date_has_nothing_to_extend() -> None:
    text = COURSE.replace("    due: 2026-12-11T23:59:00+00:00\n", "", 1)
    with pytest.raises(CourseError, match="extensions.conv1: the assignment has no due date"):
        parse_course(text + "extensions:\n  conv1:\n    alice: 2 days\n")


# -- the LMS's CSV ---------------------------------------------------------------------
def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "extensions.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_an_extensions_csv_with_new_due_dates_or_days(tmp_path: Path) -> None:
    dates = _csv(tmp_path, "Student ID,New due date\nana,2026-12-14T23:59:00Z\n\n", "utf-8-sig")
    assert read_extensions_csv(dates) == {
        "ana": datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc)
    }
    days = _csv(tmp_path, "Assignment,SIS Login ID,Extension\nconv1,ana,3\nconv2,ben,1\n")
    assert read_extensions_csv(days, assignment="conv1") == {"ana": timedelta(days=3)}
    assert read_extensions_csv(days) == {"ana": timedelta(days=3), "ben": timedelta(days=1)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Name,When\nana,3\n", "needs a student column"),
        ("Student ID,Days\nana,-3\n", "line 2, column 'Days': negative extension"),
        ("Student ID,Due\nana,3\n", "line 2, column 'Due': '3' is not a date-time"),
        ("Student ID,Days\nana,3\nana,4\n", "line 3: student 'ana' is also on line 2"),
        ("Student ID,Days\n,3\n", "line 2: no student id"),
        ("", "empty"),
    ],
)
def test_a_bad_extensions_csv_names_line_and_column(tmp_path: Path, text: str, message: str):
    with pytest.raises(ExtensionsError, match=message):
        read_extensions_csv(_csv(tmp_path, text))


def test_an_extensions_file_that_is_not_text_or_missing(tmp_path: Path) -> None:
    with pytest.raises(ExtensionsError, match="not UTF-8"):
        read_extensions_csv(_csv(tmp_path, "Student ID,Days\n", "utf-16"))
    with pytest.raises(ExtensionsError, match="cannot read"):
        read_extensions_csv(tmp_path / "nowhere.csv")


# -- end to end on nbgrader ------------------------------------------------------------
def _submit(course_dir: Path, solution: str, student: str, late_by: timedelta) -> None:
    folder = course_dir / "submitted" / student / "conv1"
    folder.mkdir(parents=True)
    notebook = jupytext.reads(solution, fmt="py:percent")
    (folder / "corr2d.ipynb").write_text(jupytext.writes(notebook, fmt="ipynb"))
    stamp = (DUE + late_by).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    (folder / "timestamp.txt").write_text(stamp)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, course_of_one):
    """ana: 2 days late with 3 days (course.yml): on time; ben: 5 days late with 3 days
    (course.yml): 2 days late; cara: 1 hour past her new due date (the CSV): 1 day;
    dan: 1 day late, no extension. All hand in the reference (32 points)."""
    from autograder.grading.batch import grade_class
    from autograder.grading.classrun import GradeOptions
    from autograder.pipeline import grade_assignment

    base = tmp_path_factory.mktemp("extensions")
    paths = course_of_one(base, "corr2d")
    with paths.course_file.open("a") as handle:
        handle.write("extensions:\n  conv1:\n    ana: 3 days\n    ben: 3 days\n    cara: 1\n")
    course = paths.load()
    course_dir = build_course(paths, course, course_dir=base / "nbgrader").course_dir
    solution = paths.solution("corr2d").read_text()
    for student, late_by in [
        ("ana", timedelta(days=2)),
        ("ben", timedelta(days=5)),
        ("cara", timedelta(days=4, hours=1)),
        ("dan", timedelta(hours=2)),
    ]:
        _submit(course_dir, solution, student, late_by)
    csv_path = base / "canvas-extensions.csv"
    csv_path.write_text("Student ID,New due date\ncara,2026-12-15T23:59:00+00:00\n")
    options = GradeOptions(
        submissions=course_dir / "submitted", out=base / "results", exercises=("corr2d",), jobs=1
    )

    def run() -> dict[str, Path]:
        return grade_assignment(
            paths,
            course,
            options,
            grade=lambda chosen: grade_class(paths, chosen),
            assignment=course.assignments[0],
            course_dir=course_dir,
            extensions_csv=csv_path,
        ).exports

    return paths, course_dir, base, run


def _exported(course_dir: Path, base: Path) -> dict[str, dict[str, str]]:
    nbgrader(course_dir, "export", f"--to={base / 'grades.csv'}")
    return {r["student_id"]: r for r in csv.DictReader((base / "grades.csv").open())}


EXPECTED = {"ana": (0, 32.0), "ben": (2, 25.6), "cara": (1, 28.8), "dan": (1, 28.8)}


def test_extensions_in_gradebook_feedback_results_json_and_lms(graded) -> None:
    paths, course_dir, base, run = graded
    exports = run()
    rows = _exported(course_dir, base)
    canvas = {r[0]: r[-1] for r in csv.reader(exports["lms-canvas"].open())}
    moodle = {r[0]: r[-1] for r in csv.reader(exports["lms-moodle"].open())}
    for student, (days, final) in EXPECTED.items():
        penalty = round(FULL - final, 4)
        assert float(rows[student]["raw_score"]) == FULL
        assert float(rows[student]["late_submission_penalty"]) == pytest.approx(penalty), student
        assert float(rows[student]["score"]) == pytest.approx(final), student
        feedback = (exports["feedback"] / f"{student}.md").read_text()
        assert f"Score: {final:g} / 32" in feedback, student
        assert (f"{days} started day(s)" in feedback) == (days > 0), student
        assert ("your extended due date" in feedback) == (days > 0 and student != "dan")
        results = json.loads((exports["gradescope"] / student / "results.json").read_text())
        assert (
            results["score"] == pytest.approx(final) and results["extra_data"]["days_late"] == days
        )
        assert float(canvas[student]) == pytest.approx(final), student
        assert float(moodle[student]) == pytest.approx(final), student
    # as nbgrader's own: SubmittedAssignment.extension, so duedate includes it
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", "d2l-conv2d") as gradebook:
        extension = {s: gradebook.find_submission("conv1", s).extension for s in EXPECTED}
    assert extension == {
        "ana": timedelta(days=3),
        "ben": timedelta(days=3),
        "cara": timedelta(days=4),  # the CSV's new due date wins over course.yml's 1 day
        "dan": None,
    }


def test_a_score_set_by_hand_survives_a_regrade_and_is_in_every_total(graded) -> None:
    """A person sets ana's first check cell (1 point or more) to 0 in the formgrader;
    the regrade keeps it, and every output's total loses exactly that."""
    from nbgrader.api import Gradebook

    paths, course_dir, base, run = graded
    run()
    url = f"sqlite:///{course_dir / 'gradebook.db'}"
    with Gradebook(url, "d2l-conv2d") as gradebook:
        grade = next(
            g
            for g in gradebook.find_submission_notebook("corr2d", "conv1", "ana").grades
            if g.auto_score
        )
        cell, lost = grade.name, float(grade.auto_score)
        grade.manual_score = 0.0
        gradebook.db.commit()
    exports = run()  # the regrade
    final = FULL - lost
    rows = _exported(course_dir, base)
    assert float(rows["ana"]["score"]) == pytest.approx(final)
    feedback = (exports["feedback"] / "ana.md").read_text()
    assert f"Score: {final:g} / 32" in feedback and f"corr2d: {final:g} / 32" in feedback
    assert f"{cell}: {lost:g} -> 0 of {lost:g} (set by hand)" in feedback
    results = json.loads((exports["gradescope"] / "ana" / "results.json").read_text())
    assert results["score"] == pytest.approx(final)
    assert results["extra_data"]["overridden_cells"] == [cell]
    for name in ("lms-canvas", "lms-moodle"):
        scores = {r[0]: r[-1] for r in csv.reader(exports[name].open())}
        assert float(scores["ana"]) == pytest.approx(final) and float(scores["dan"]) == 28.8
    from autograder.outputs.gradebook import read_overrides

    (override,) = read_overrides(
        course_dir=course_dir, course_id="d2l-conv2d", assignment="conv1", students=["ana", "ben"]
    )["ana"]
    assert (override.cell, override.auto, override.manual, override.change) == (
        cell,
        lost,
        0,
        -lost,
    )
