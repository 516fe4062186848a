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


def run_check(course_root: str, nodeid: str, history: Sequence[str]) -> None:
    """Run check ``nodeid`` on the code of the cells executed so far (IPython's ``In``);
    raise AssertionError with the check's message if it fails."""
    import os

    from autograder.course.verify import run_checks

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
