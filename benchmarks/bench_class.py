"""The benchmark's class: the whole course, released, and students who worked in it.

``build_class`` builds and releases the nbgrader course (``autograder.course.build``)
in a scratch folder and writes one generated class (``autograder.course.sampleclass``,
nbgrader's ``submitted/<student>/<assignment>/`` layout, every assignment, every
exercise) of the largest size asked for. Every smaller class is the first students of
that one, copied (never linked: the engine refuses hard links), so each size has the
same mix of kinds: correct, partial, stub, broken (a truncated notebook), cheater and
runaway (one exercise loops forever when loaded), in turn.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from autograder.course.build import build_course
from autograder.course.model import Course, CoursePaths
from autograder.course.sampleclass import write_sample_class


@dataclass(frozen=True)
class BenchClass:
    course_dir: Path  # the built nbgrader course (source/, release/, gradebook)
    submitted: Path  # the largest class, nbgrader's layout
    names: list[str]  # its students, in order (kinds in turn)
    exercises: list[str]
    assignments: list[str]


def build_class(
    paths: CoursePaths, course: Course, work: Path, size: int, assignments: list[str]
) -> BenchClass:
    """Build and release the course under ``work`` and write a class of ``size``."""
    unknown = [a for a in assignments if a not in [x.id for x in course.assignments]]
    if unknown:
        known = ", ".join(a.id for a in course.assignments)
        raise SystemExit(f"unknown assignment(s) {', '.join(unknown)}; course.yml has {known}")
    course_dir = work / "nbgrader"
    build_course(paths, course, course_dir=course_dir)
    submitted = work / "class"
    names = write_sample_class(
        paths, course, submitted, size, release=course_dir / "release", nbgrader=True
    )
    chosen = [a for a in course.assignments if a.id in assignments]
    for name in names:  # assignments not benchmarked are not handed in
        for assignment in course.assignments:
            if assignment not in chosen:
                shutil.rmtree(submitted / name / assignment.id)
    exercises = [e for a in chosen for e in a.exercises]
    return BenchClass(course_dir, submitted, names, exercises, [a.id for a in chosen])


def first_students(klass: BenchClass, size: int, folder: Path) -> Path:
    """A class of the first ``size`` students, copied into ``folder``."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in klass.names[:size]:
        shutil.copytree(klass.submitted / name, folder / name)
    return folder
