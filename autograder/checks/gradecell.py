"""Running one check inside a student's notebook kernel: the grade cells' hidden part.

This is plain ``nbgrader autograde``'s path: the student's code and the check share a
kernel, as nbgrader always works. It gives the same scores as ``autograder grade`` on
honest work; it is not safe against cheating (that is what the engine is for).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from autograder.checks.selfcheck import history_file
from autograder.course.model import CoursePaths


def run_check(course_root: str | None, nodeid: str, history: Sequence[str]) -> None:
    """Run check ``nodeid`` on the code of the cells executed so far (IPython's ``In``);
    raise AssertionError with the check's message if it fails. ``course_root`` None (what
    ``autograder build`` writes, so a built course holds no path of the machine that built
    it): ``$AUTOGRADER_COURSE`` (the course's nbgrader_config.py sets it), else the
    course.yml at or above the kernel's folder."""
    import os

    from autograder.course.model import CourseError
    from autograder.course.verify import run_checks

    if course_root is None:
        try:
            course_root = str(CoursePaths.find(os.environ.get("AUTOGRADER_COURSE")).root)
        except CourseError as error:
            raise AssertionError(
                f"{error}; this grade cell needs the course repository: build the nbgrader "
                "course inside it, or set AUTOGRADER_COURSE to its folder"
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
