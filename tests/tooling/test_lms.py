"""The LMS files: Canvas's gradebook import and Moodle's "Import grades from CSV",
each checked against the format's documented columns, with the final score (penalty
applied, scores set by hand counted), and student ids that would break a CSV or run as
a spreadsheet formula. The CLI's --lms and --extensions options."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.grading.late import LatePolicy
from autograder.grading.overrides import Override
from autograder.grading.results import CheckResult, RunResult, StudentResult
from autograder.outputs.feedback import write_all
from autograder.outputs.lms import safe_cell, write_lms

from .conftest import ROOT

DUE = datetime(2026, 12, 11, 23, 59, tzinfo=timezone.utc)
# Canvas (Grades > Import): these, then "<assignment> (<id>)" columns and a
# "Points Possible" row; Moodle: any identifier column mapped by the importer, then
# one column per grade item, no points row.
CANVAS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE = ["Username", "ID number"]
NASTY = ['o,"brien\nx', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)"]


def _result(student: str, passed: int = 3) -> StudentResult:
    checks = [
        CheckResult(
            id=f"tests/hidden/test_corr2d.py::test_{i}",
            exercise="corr2d",
            visibility="hidden",
            points=2,
            passed=i < passed,
            outcome="passed" if i < passed else "failed",
        )
        for i in range(5)
    ]
    run = RunResult(impl=student, public_seed=1, hidden_seed=2, checks=checks)
    return StudentResult(
        student=student,
        fingerprint="f",
        graded_at="2026-11-21T10:00:00+00:00",
        sandbox="bubblewrap",
        duration_s=0.1,
        score=run.score,
        possible=run.max_score,
        exercises=run.by_exercise(),
        notes={},
        run=run,
    )


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_each_file_has_its_formats_columns_and_the_final_score(tmp_path: Path) -> None:
    """ana: 6 of 10, 2 days late at 10%: 4.8. ben: 6, with a check set by hand from 0 to
    2 (8), on time. The Canvas and Moodle files carry the same final scores."""
    results = [_result("ana"), _result("ben")]
    late = LatePolicy(
        per_day=0.1,
        due={"ana": DUE, "ben": DUE},
        submitted={"ana": DUE + timedelta(days=1, hours=1), "ben": DUE},
    )
    hand = Override("ben", "corr2d", "corr2d-h3", auto=0, manual=2, max_score=2)
    paths = write_all(
        results,
        tmp_path,
        assignment="conv1",
        title="Convolutions",
        late=late,
        overrides={"ben": [hand]},
    )
    canvas, moodle = _rows(paths["lms-canvas"]), _rows(paths["lms-moodle"])
    assert paths["lms"] == paths["lms-canvas"] == tmp_path / "lms-canvas.csv"
    assert canvas[0] == [*CANVAS, "Convolutions (conv1)"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "10"]
    assert canvas[2:] == [["ana", "", "", "ana", "", "4.8"], ["ben", "", "", "ben", "", "8"]]
    assert moodle[0] == [*MOODLE, "Convolutions (conv1)"]
    assert moodle[1:] == [["ana", "ana", "4.8"], ["ben", "ben", "8"]]
    feedback = (paths["feedback"] / "ben.md").read_text()
    assert "Score: 8 / 10" in feedback and "corr2d-h3: 0 -> 2 of 2 (set by hand)" in feedback
    assert json.loads((paths["gradescope"] / "ben" / "results.json").read_text())["score"] == 8


def test_student_ids_cannot_break_the_csv_or_run_as_formulas(tmp_path: Path) -> None:
    paths = write_lms({"conv1": [_result(s) for s in NASTY]}, {"conv1": "=HYPERLINK()"}, tmp_path)
    for name, first in (("lms-canvas", 2), ("lms-moodle", 1)):
        rows = _rows(paths[name])
        assert rows[0][-1] == "'=HYPERLINK() (conv1)"
        assert len(rows) == first + len(NASTY) and {len(r) for r in rows} == {len(rows[0])}
        ids = sorted(r[0] for r in rows[first:])
        assert ids == sorted(safe_cell(s) for s in NASTY)
        assert 'o,"brien\nx' in ids  # quoted, read back whole
        for cell in (c for r in rows for c in r):
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_safe_cell_prefixes_only_formula_starts() -> None:
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("\tx") == "'\tx"
    assert safe_cell("ana") == "ana" and safe_cell("a=b") == "a=b"


def test_one_format_only_and_an_unknown_one(tmp_path: Path) -> None:
    only = write_lms({"conv1": [_result("ana")]}, {}, tmp_path, formats=("moodle",))
    assert list(only) == ["lms-moodle"] and not (tmp_path / "lms-canvas.csv").exists()
    with pytest.raises(ValueError, match="unknown LMS format"):
        write_lms({"conv1": [_result("ana")]}, {}, tmp_path, formats=("blackboard",))


def test_a_plain_folder_is_late_against_due_and_its_extensions(tmp_path: Path) -> None:
    """No nbgrader: --due and timestamp.txt; ana 2 days late with 3 days: on time; ben
    5 days late with 3 days: 2 days' penalty."""
    from autograder.grading.extensions import folder_late_policy

    for student, late_by in (("ana", 2), ("ben", 5), ("cy", 0)):
        (tmp_path / student).mkdir()
        stamp = (DUE + timedelta(days=late_by)).strftime("%Y-%m-%d %H:%M:%S UTC")
        (tmp_path / student / "timestamp.txt").write_text(stamp)
    three = {"ana": timedelta(days=3), "ben": timedelta(days=3)}
    late = folder_late_policy(
        tmp_path, ["ana", "ben", "cy"], due=DUE, extensions=three, per_day=0.1
    )
    results = [_result(s, passed=5) for s in ("ana", "ben", "cy")]
    paths = write_all(results, tmp_path / "out", assignment=None, title="C", late=late)
    assert [r[-1] for r in _rows(paths["lms-moodle"])[1:]] == ["10", "8", "10"]
    assert "your extended due date" in (paths["feedback"] / "ben.md").read_text()


def test_the_cli_refuses_a_bad_extensions_file_before_grading(tmp_path: Path) -> None:
    from autograder.cli.main import main

    (tmp_path / "class" / "ana").mkdir(parents=True)
    bad = tmp_path / "ext.csv"
    bad.write_text("Student ID,Days\nana,-3\n")
    course = str(ROOT / "course.yml")
    invoke = CliRunner().invoke
    result = invoke(
        main, ["grade", str(tmp_path / "class"), "--extensions", str(bad), "--course", course]
    )
    assert result.exit_code == 1
    assert "line 2, column 'Days': negative extension" in " ".join(result.output.split())
    assert not (tmp_path / "class-results").exists()  # nothing graded
    wrong = invoke(
        main,
        ["grade", "--assignment", "conv1", "--due", "2026-12-01T00:00:00+0000", "--course", course],
    )
    assert wrong.exit_code == 1 and "--due is for a SUBMISSIONS folder" in wrong.output
    lms = invoke(main, ["grade", "--help"])
    assert "--lms [canvas|moodle|both]" in lms.output and "--extensions" in lms.output


def test_the_pipeline_applies_due_and_the_csvs_extensions_to_a_plain_folder(
    tmp_path: Path, paths
) -> None:
    """`autograder grade FOLDER --due ... --extensions FILE.csv --lms moodle`, with the
    engine's report given: ben's CSV extension (3 days) takes his 5 days late to 2."""
    from autograder.grading.classrun import GradeOptions, GradeReport
    from autograder.pipeline import grade_assignment
    from autograder.sandbox.bwrap import Sandbox

    for student in ("ana", "ben"):
        (tmp_path / "class" / student).mkdir(parents=True)
        stamp = (DUE + timedelta(days=5)).strftime("%Y-%m-%d %H:%M:%S UTC")
        (tmp_path / "class" / student / "timestamp.txt").write_text(stamp)
    extensions = tmp_path / "ext.csv"
    extensions.write_text("SIS Login ID,Days\nben,3\n")
    results = [_result("ana", passed=5), _result("ben", passed=5)]
    report = GradeReport(
        graded=2,
        skipped=0,
        failed=[],
        failure="",
        seconds=0.1,
        sandbox=Sandbox(False, "", "limits only", ()),
        results=results,
        summary_files=(),
    )
    options = GradeOptions(tmp_path / "class", tmp_path / "out", ("corr2d",), jobs=1)
    graded = grade_assignment(
        paths,
        paths.load(),
        options,
        grade=lambda chosen: report,
        extensions_csv=extensions,
        due=DUE,
        lms=("moodle",),
    )
    assert set(graded.exports) == {"feedback", "gradescope", "lms-moodle", "lms"}
    assert _rows(graded.exports["lms-moodle"])[1:] == [["ana", "ana", "5"], ["ben", "ben", "8"]]
