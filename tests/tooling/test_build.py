"""`autograder build`: nbgrader source notebooks, nbgrader's own release, the leak scan."""

from __future__ import annotations

import csv
import json
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from autograder.course.build import BuildError, build_course, leak_scan, nbgrader

from .conftest import nbgrader_export, nbgrader_step

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, course_of_one):
    base = tmp_path_factory.mktemp("build")
    paths = course_of_one(base, "corr2d")
    result = build_course(paths, paths.load(), course_dir=base / "nbgrader")
    return paths, result


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def test_source_notebook_has_nbgrader_cells_worth_the_exercise(built) -> None:
    paths, result = built
    (source,) = result.source_notebooks
    cells = _cells(source)
    meta = [c["metadata"].get("nbgrader", {}) for c in cells]
    assert all(m.get("schema_version") == 3 for m in meta)
    grade = [m for m in meta if m.get("grade")]
    assert sum(m["points"] for m in grade) == 32
    assert len({m["grade_id"] for m in meta}) == len(meta), "grade ids must be unique"
    assert any(m.get("solution") for m in meta)
    markdown = [c for c, m in zip(cells, meta, strict=True) if c["cell_type"] == "markdown"]
    assert markdown and all(c["metadata"]["nbgrader"]["locked"] for c in markdown)


def test_release_has_no_solution_and_no_hidden_checks(built) -> None:
    paths, result = built
    (released,) = result.released
    text = released.read_text()
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "run_check", str(paths.root)):
        assert marker not in text
    assert "raise NotImplementedError" in text
    assert result.leaks == []


def test_a_planted_solution_line_fails_the_build(built, tmp_path: Path) -> None:
    paths, result = built
    solution = paths.solution("corr2d").read_text()
    secret = "Y[i, j] = (X[i : i + h, j : j + w] * K).sum()"
    assert secret in solution
    stub = paths.stub("corr2d")
    original = stub.read_text()
    stub.write_text(original + f"\n# {secret}\n")
    try:
        with pytest.raises(BuildError, match=r"exercises/corr2d\.py:\d+: solution of corr2d"):
            build_course(paths, paths.load(), course_dir=tmp_path / "nbgrader")
    finally:
        stub.write_text(original)


def test_a_planted_hidden_check_line_is_found_in_a_released_notebook(built, tmp_path) -> None:
    paths, result = built
    hidden = [
        line.strip()
        for line in paths.hidden_test("corr2d").read_text().splitlines()
        if len(line.strip()) > 40 and not line.strip().startswith(("#", "import", "from", "@"))
    ]
    notebook = nbformat.read(result.released[0], as_version=4)
    notebook.cells[-1].source += "\n" + hidden[0]
    planted = tmp_path / "corr2d.ipynb"
    nbformat.write(notebook, planted)
    leaks = leak_scan(paths, paths.load(), [planted])
    assert [(leak.kind, leak.exercise) for leak in leaks] == [("hidden test", "corr2d")]
    assert leak_scan(paths, paths.load(), result.released) == []


def _grades(course_dir: Path, course_id: str, assignment: str) -> dict[tuple[str, str], float]:
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", course_id) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    scores[(submission.student.id, grade.name)] = float(grade.score)
    return scores


def test_engine_and_plain_nbgrader_give_the_same_scores(built, tmp_path: Path) -> None:
    """The same honest class, graded by `nbgrader autograde` and by the engine into the
    same gradebook: every grade cell of every student scores the same."""
    from autograder.grading.batch import grade_class
    from autograder.grading.classrun import GradeOptions
    from autograder.outputs.gradebook import record_scores

    paths, result = built
    course = paths.load()
    course_dir = result.course_dir
    source = nbformat.read(result.source_notebooks[0], as_version=4)
    released = nbformat.read(result.released[0], as_version=4)
    mutant = (ROOT / "tests/mutants/corr2d/off_by_one_range.py").read_text()

    def submission(kind: str) -> nbformat.NotebookNode:
        notebook = nbformat.from_dict(json.loads(nbformat.writes(released)))
        if kind != "stub":
            for index, cell in enumerate(notebook.cells):
                if cell.metadata.get("nbgrader", {}).get("solution"):
                    cell.source = source.cells[index].source
        extra = {
            "partial": [mutant],
            # A cell that fails (the cells after it still count), a warning and a print.
            "correct": ["1 / 0", "import warnings\nwarnings.warn('slow')\nprint('debug')"],
        }
        for text in extra.get(kind, []):
            # After the last answer cell, before every grade cell: nbgrader runs the cells
            # in order, so a cell after a grade cell would not count there.
            answers = [
                i
                for i, cell in enumerate(notebook.cells)
                if cell.metadata.get("nbgrader", {}).get("solution")
            ]
            notebook.cells.insert(answers[-1] + 1, nbformat.v4.new_code_cell(text))
        return notebook

    # Correct code with a failing cell, a warning and a print; a known mistake; the stub.
    students = {"ana": "correct", "ben": "partial", "cho": "stub"}
    for student, kind in students.items():
        folder = course_dir / "submitted" / student / "conv1"
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(kind), folder / "corr2d.ipynb")
    started = time.perf_counter()
    nbgrader_step(course_dir, "autograde", "conv1")
    nbgrader_s = time.perf_counter() - started
    by_nbgrader = _grades(course_dir, course.course_id, "conv1")

    started = time.perf_counter()
    report = grade_class(
        paths,
        GradeOptions(
            submissions=course_dir / "submitted",
            out=tmp_path / "results",
            exercises=("corr2d",),
            jobs=2,
        ),
    )
    results = [r for r in report.results if r.student in students]
    record_scores(
        course_dir=course_dir, course_id=course.course_id, assignment="conv1", results=results
    )
    engine_s = time.perf_counter() - started
    # Shown with `pytest -s`: the two paths' times on this class.
    print(
        f"\n{len(students)} students: nbgrader autograde {nbgrader_s:.1f} s, "
        f"engine (grade + gradebook) {engine_s:.1f} s"
    )
    by_engine = _grades(course_dir, course.course_id, "conv1")
    mine = {key: value for key, value in by_engine.items() if key[0] in students}
    theirs = {key: value for key, value in by_nbgrader.items() if key[0] in students}
    assert mine == theirs
    totals = {s: sum(v for (who, _), v in mine.items() if who == s) for s in students}
    assert totals["ana"] == 32
    assert 0 < totals["ben"] < 32 and totals["cho"] == 0
    # nbgrader's own export reads the same totals.
    export = nbgrader_export(course_dir, course.course_id, tmp_path / "grades.csv")
    rows = {r["student_id"]: r for r in csv.DictReader(export.open())}
    assert float(rows["ana"]["raw_score"]) == 32.0 == float(rows["ana"]["max_score"])
    assert float(rows["cho"]["raw_score"]) == 0.0


def test_the_student_bundle_works_without_the_course_repo(built, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import zipfile

    from autograder.course.bundle import write_bundle

    paths, result = built
    course = paths.load()
    target = tmp_path / "student.zip"
    write_bundle(paths, course, target, notebooks_dir=result.course_dir / "release")
    names = zipfile.ZipFile(target).namelist()
    top = course.course_id
    for needed in (
        "pytest.ini",
        "requirements.txt",
        "course.yml",
        "exercises/corr2d.py",
        "tests/public/test_corr2d.py",
        "autograder/checks/plugin.py",
        "autograder/quiz/__init__.py",
        "autograder/quiz/form.py",
        "pyproject.toml",
        "notebooks/conv1/corr2d.ipynb",
    ):
        assert f"{top}/{needed}" in names
    assert not [n for n in names if "solutions/" in n or "hidden" in n or "mutants" in n]
    assert f"{top}/autograder/quiz/keys.py" not in names
    zipfile.ZipFile(target).extractall(tmp_path)
    folder = tmp_path / top
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # as on a student's machine: no install

    def pytest_in_bundle() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "tests/public/test_corr2d.py"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
        )

    stubs = pytest_in_bundle()
    assert stubs.returncode == 1 and "corr2d is not implemented yet" in stubs.stdout
    shutil.copy(ROOT / "solutions" / "corr2d.py", folder / "exercises" / "corr2d.py")
    done = pytest_in_bundle()
    assert done.returncode == 0, done.stdout[-2000:]
    assert "corr2d               14 of 14 public checks pass; graded out of 32" in done.stdout


def test_a_leaking_bundle_is_not_written(built, tmp_path: Path) -> None:
    from autograder.course.bundle import BundleError, write_bundle

    paths, _ = built
    stub = paths.stub("corr2d")
    original = stub.read_text()
    stub.write_text(original + "\n    Y[i, j] = (X[i : i + h, j : j + w] * K).sum()\n")
    try:
        with pytest.raises(BundleError, match="exercises/corr2d.py"):
            write_bundle(paths, paths.load(), tmp_path / "student.zip")
    finally:
        stub.write_text(original)
    assert not (tmp_path / "student.zip").exists()


def test_nbgrader_export_reads_the_engines_scores_with_the_late_penalty(built, tmp_path) -> None:
    from datetime import timedelta, timezone

    from autograder.grading.batch import grade_class
    from autograder.grading.classrun import GradeOptions
    from autograder.outputs.gradebook import record_scores

    paths, result = built
    course = paths.load()
    course_dir = result.course_dir
    folder = course_dir / "submitted" / "dan" / "conv1"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(result.source_notebooks[0], folder / "corr2d.ipynb")
    due = course.assignments[0].due
    assert due is not None
    late = (due + timedelta(days=1, hours=3)).astimezone(timezone.utc)  # two started days
    (folder / "timestamp.txt").write_text(late.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
    classroom = tmp_path / "class"
    shutil.copytree(course_dir / "submitted" / "dan", classroom / "dan")
    report = grade_class(
        paths,
        GradeOptions(submissions=classroom, out=tmp_path / "out", exercises=("corr2d",), jobs=1),
    )
    record_scores(
        course_dir=course_dir,
        course_id=course.course_id,
        assignment="conv1",
        results=report.results,
        late_penalty_per_day=0.1,
    )
    export = nbgrader_export(course_dir, course.course_id, tmp_path / "grades.csv")
    (row,) = [r for r in csv.DictReader(export.open()) if r["student_id"] == "dan"]
    assert float(row["raw_score"]) == 32
    assert float(row["late_submission_penalty"]) == pytest.approx(6.4)
    assert float(row["score"]) == pytest.approx(25.6)
    # nbgrader's own feedback works on the engine's grades.
    nbgrader_step(course_dir, "generate_feedback", "conv1", "dan")
    feedback = (course_dir / "feedback" / "dan" / "conv1" / "corr2d.html").read_text()
    # One "passed" per grade cell: a cell per hidden check (public checks carry no points).
    checks = sum(c.points > 0 for c in report.results[0].run.checks)
    assert "Score: 25.6 / 32.0" in feedback and feedback.count("passed") == checks


def test_an_lms_download_is_collected_by_nbgrader_zip_collect(built) -> None:
    import zipfile

    _, result = built
    course_dir = result.course_dir
    archive = course_dir / "downloaded" / "conv1" / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive / "submissions.zip", "w") as download:
        download.write(result.released[0], "eve_LATE_1234_5678_corr2d.ipynb")
    nbgrader(course_dir, "zip_collect", "conv1", "--force")
    assert (course_dir / "submitted" / "eve" / "conv1" / "corr2d.ipynb").is_file()
