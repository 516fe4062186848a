"""Running one check inside a student's notebook kernel: the grade cells' hidden part.

This is plain ``nbgrader autograde``'s path: the student's code and the check share a
kernel, as nbgrader always works. It gives the same scores as ``autograder grade`` on
honest work; it is not safe against cheating (that is what the engine is for).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from autograder.checks.selfcheck import history_file
from autograder.course.model import COURSE_FILE, REPOSITORY_FILE, CourseError, CoursePaths


def course_root_of(start: Path) -> Path:
    """The course repository of a grade cell run in ``start``: ``$AUTOGRADER_COURSE``, else
    the nearest folder at or above ``start`` with course.yml, or with the repository file
    ``autograder build`` leaves in an nbgrader course folder (a path relative to it)."""
    import os

    if os.environ.get("AUTOGRADER_COURSE"):
        return CoursePaths.find(os.environ["AUTOGRADER_COURSE"]).root
    for folder in (start, *start.parents):
        if (folder / COURSE_FILE).is_file():
            return folder
        if (folder / REPOSITORY_FILE).is_file():
            relative = (folder / REPOSITORY_FILE).read_text(encoding="utf-8").strip()
            return CoursePaths.find(folder / relative).root
    raise CourseError(f"no {COURSE_FILE} or {REPOSITORY_FILE} in {start} or above")


def run_check(course_root: str | None, nodeid: str, history: Sequence[str]) -> None:
    """Run check ``nodeid`` on the code of the cells executed so far (IPython's ``In``);
    raise AssertionError with the check's message if it fails. ``course_root`` None (what
    ``autograder build`` writes, so a built course holds no path of the machine that built
    it): found from the kernel's folder (``course_root_of``)."""
    import os

    from autograder.course.verify import run_checks

    if course_root is None:
        try:
            # From the folder above the notebook's: the notebook's own folder holds what
            # the student handed in (a course.yml of their own there must not count).
            course_root = str(course_root_of(Path.cwd().resolve().parent))
        except CourseError as error:
            raise AssertionError(
                f"{error}; this grade cell needs the course repository: keep the nbgrader "
                "course folder where it was built, or set AUTOGRADER_COURSE to the "
                "repository's folder"
            ) from None

    exercise_id = Path(nodeid.split("::", 1)[0]).stem.removeprefix("test_")
    if "AUTOGRADER_STUDENT" not in os.environ and Path.cwd().parent.parent.name == "autograded":
        # nbgrader autograde runs in autograded/<student>/<assignment>/: quiz variants
        # are that student's.
        os.environ["AUTOGRADER_STUDENT"] = Path.cwd().parent.name
    paths = CoursePaths(Path(course_root))
    run = run_checks(
        paths, [exercise_id], impl=history_file(history, exercise_id), nodeids=[nodeid]
    )
    if not run.checks:
        raise AssertionError(f"the check {nodeid} was not found in {course_root}")
    failed = [c for c in run.checks if not c.passed]
    if failed:
        raise AssertionError(failed[0].message or failed[0].outcome)
    print(f"passed: {nodeid.split('::', 1)[1]}")
