"""The main job on the embedded defaults, after the course checks: the nbgrader loop.

Steps, in order: build and release the nbgrader course (SQLite gradebook); write the
student bundle; a generated class in nbgrader's ``submitted/`` tree (what ``nbgrader
collect`` leaves there), made from the notebooks just released, filled in cell by cell
as students would (``autograder.course.sampleclass``); grade each assignment with the
sandboxed engine (local process pool) into the gradebook; feedback and exports;
``nbgrader export``, which reads the scores back from the gradebook.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course.build import build_course, nbgrader
from autograder.course.bundle import write_bundle
from autograder.course.model import Course, CoursePaths
from autograder.course.sampleclass import write_sample_class
from autograder.grading.results import GradeOptions, GradeReport
from autograder.pipeline import grade_assignment


@dataclass
class LoopResult:
    course_dir: Path
    bundle: Path
    grades_csv: Path
    written: dict[str, Path] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)


def nbgrader_loop(
    paths: CoursePaths,
    course: Course,
    *,
    size: int,
    jobs: int,
    grade: Callable[[GradeOptions], GradeReport],
    step: Callable[[str], None] = lambda title: None,
) -> LoopResult:
    """Run the loop in ``build/``; ``grade`` grades one assignment (with progress)."""
    build = paths.root / "build"
    course_dir = build / "nbgrader"
    if course_dir.exists():
        shutil.rmtree(course_dir)  # a fresh gradebook every time
    step("build and release the nbgrader course (nbgrader generate_assignment, leak scan)")
    build_course(paths, course, course_dir=course_dir)
    bundle = build / f"{course.course_id}-student.zip"
    write_bundle(paths, course, bundle, notebooks_dir=course_dir / "release")
    step(f"a class of {size} students in {course_dir / 'submitted'} (as nbgrader collect)")
    write_sample_class(
        paths, course, course_dir / "submitted", size, release=course_dir / "release", nbgrader=True
    )
    result = LoopResult(course_dir, bundle, course_dir / "grades.csv")
    for assignment in course.assignments:
        step(f"grade {assignment.id} with the sandboxed engine, into nbgrader's gradebook")
        out = course_dir / "autograder-results" / assignment.id
        graded = grade_assignment(
            paths,
            course,
            GradeOptions(
                submissions=course_dir / "submitted",
                out=out,
                exercises=tuple(assignment.exercises),
                jobs=jobs,
                force=True,
            ),
            grade=grade,
            assignment=assignment,
            course_dir=course_dir,
        )
        for name, path in graded.exports.items():
            result.written[f"{assignment.id} {name}"] = path
    step("nbgrader export: the scores, read back from nbgrader's gradebook")
    nbgrader(course_dir, "export", f"--to={result.grades_csv}")
    with result.grades_csv.open(newline="") as handle:
        result.rows = list(csv.DictReader(handle))
    return result
