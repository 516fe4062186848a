"""The demo's sample class is made from the released notebooks, filled in cell by cell as
students would: graded by the engine, each kind of student earns what its work is worth,
and every notebook keeps the release's nbgrader cells so nbgrader would accept it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.course.build import build_course
from autograder.course.sampleclass import (
    FREE_TEXT_ANSWER,
    Plan,
    SampleClassError,
    fill_notebook,
    write_sample_class,
)
from autograder.grading.batch import grade_class
from autograder.grading.classrun import GradeOptions

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ("corr2d", "unit_quiz")


@pytest.fixture(scope="module")
def klass(tmp_path_factory: pytest.TempPathFactory, scratch_course):
    base = tmp_path_factory.mktemp("sampleclass")
    paths = scratch_course(base / "course", *EXERCISES, mutants=True)
    course = paths.load()
    course_dir = base / "nbgrader"
    build_course(paths, course, course_dir=course_dir)
    submitted = course_dir / "submitted"
    names = write_sample_class(
        paths, course, submitted, 6, release=course_dir / "release", nbgrader=True
    )
    # The runaway waits for its load to time out: it is checked on its files alone.
    runaway = base / "runaway"
    shutil.move(submitted / names[-1], runaway)
    report = grade_class(
        paths,
        GradeOptions(submissions=submitted, out=base / "results", exercises=EXERCISES, jobs=1),
    )
    return {
        "paths": paths,
        "course": course,
        "release": course_dir / "release",
        "submitted": submitted,
        "names": names,
        "runaway": runaway,
        "results": {r.student.split("-")[0]: r for r in report.results},
        "report": report,
    }


def _files(klass, student: str) -> dict[str, Path]:
    folder = klass["submitted"] / student
    return {p.stem: p for p in sorted(folder.glob("*/*")) if p.suffix in (".py", ".ipynb")}


def test_one_student_of_each_kind_in_nbgrader_layout(klass) -> None:
    assert [n.split("-")[0] for n in klass["names"]] == [
        "correct",
        "partial",
        "stub",
        "broken",
        "cheater",
        "runaway",
    ]
    for name in klass["names"][:-1]:
        assert sorted(_files(klass, name)) == sorted(EXERCISES)
        for assignment in ("conv1", "quiz"):
            stamp = (klass["submitted"] / name / assignment / "timestamp.txt").read_text()
            assert stamp.endswith(" UTC") and stamp.startswith("2026-12-")
    cheater = (klass["submitted"] / klass["names"][4] / "conv1" / "timestamp.txt").read_text()
    assert cheater.startswith("2026-12-13")  # two days after the 11th: late
    assert klass["report"].failed == []


def test_a_correct_student_gets_full_marks(klass) -> None:
    result = klass["results"]["correct"]
    assert result.possible == 32 + 29
    assert result.score == result.possible, [c.message for c in result.run.checks if not c.passed]
    assert result.notes == {}


def test_a_partial_student_loses_points_on_every_exercise(klass) -> None:
    result = klass["results"]["partial"]
    for exercise in EXERCISES:
        score = result.exercises[exercise]
        assert 0 < score.earned < score.possible, (exercise, score)


def test_a_stub_student_gets_nothing_and_hands_in_the_release_untouched(klass) -> None:
    result = klass["results"]["stub"]
    assert result.score == 0 and result.possible == 32 + 29
    for exercise, path in _files(klass, klass["names"][2]).items():
        released = klass["release"] / path.parent.name / f"{exercise}.ipynb"
        assert path.read_bytes() == released.read_bytes()


def test_a_broken_student_gets_a_note_per_broken_file(klass) -> None:
    result = klass["results"]["broken"]
    assert "not a valid notebook" in result.notes["corr2d"]
    assert "SyntaxError" in result.notes["unit_quiz"]
    assert result.score == 0  # corr2d unreadable; the quiz's one answer cell does not compile


def test_a_cheater_patching_torch_gains_nothing(klass) -> None:
    result = klass["results"]["cheater"]
    assert result.score < result.possible
    files = _files(klass, klass["names"][4])
    assert any("torch.allclose = lambda" in p.read_text() for p in files.values())


def test_the_runaway_loops_in_one_exercise_and_is_correct_in_the_others(klass) -> None:
    files = {p.stem: p.read_text() for p in klass["runaway"].glob("*/*") if p.suffix != ".txt"}
    looping = [e for e, text in files.items() if "while True:" in text]
    assert len(looping) == 1
    assert all("raise NotImplementedError" not in text for text in files.values())


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


@pytest.mark.parametrize("student", [0, 1, 3, 4])
def test_every_notebook_is_the_release_filled_in(klass, student: int) -> None:
    """The release's cells, in order, with their nbgrader metadata untouched; locked
    cells as released (nbgrader's checksum still matches); only answer cells differ,
    and a cell a student added has no nbgrader metadata."""
    from nbgrader.utils import compute_checksum

    name = klass["names"][student]
    notebooks = [p for p in _files(klass, name).values() if p.suffix == ".ipynb"]
    assert notebooks
    for path in notebooks:
        text = path.read_text()
        released = nbformat.read(klass["release"] / path.parent.name / path.name, as_version=4)
        try:
            mine = nbformat.reads(text, as_version=4)
        except Exception:  # noqa: BLE001 - the broken student's cut-short notebook
            assert name.startswith("broken") and path.stem == "corr2d"
            with pytest.raises(json.JSONDecodeError):
                json.loads(text)
            continue
        theirs = [c for c in mine.cells if _nbgrader(c)]
        added = [c for c in mine.cells if not _nbgrader(c)]
        kind = name.split("-")[0]
        expected = {"correct": {0}, "broken": {0}, "partial": {0, 1}, "cheater": {1, 2}}
        assert len(added) in expected[kind]
        assert [_nbgrader(c) for c in theirs] == [_nbgrader(c) for c in released.cells]
        changed = 0
        for got, was in zip(theirs, released.cells, strict=True):
            meta = _nbgrader(was)
            if not meta.get("solution"):
                assert got.source == was.source, meta["grade_id"]
                assert "checksum" not in meta or compute_checksum(got) == meta["checksum"]
            elif got.source != was.source:  # answered: nbgrader sees a changed checksum
                changed += 1
                assert "checksum" not in meta or compute_checksum(got) != meta["checksum"]
        assert changed >= 1, f"{path}: no answer cell filled in"
        if name.startswith("correct"):
            assert "raise NotImplementedError" not in text
            free = [c for c in theirs if _nbgrader(c).get("grade") and _nbgrader(c)["solution"]]
            free = [c for c in free if c.cell_type == "markdown"]
            assert all(c.source == FREE_TEXT_ANSWER for c in free)
            assert len(free) == (2 if path.stem == "unit_quiz" else 0)


def test_without_a_release_the_error_says_to_build(klass, tmp_path: Path) -> None:
    with pytest.raises(
        SampleClassError, match=r"no released notebook for corr2d.*autograder build"
    ):
        write_sample_class(klass["paths"], klass["course"], tmp_path / "c", 2, release=tmp_path)


def test_a_release_out_of_date_is_refused(klass) -> None:
    released = klass["release"] / "conv1" / "corr2d.ipynb"
    with pytest.raises(SampleClassError, match="release is out of date"):
        fill_notebook(released, ["    return X\n"], Plan())
