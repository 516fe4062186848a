"""Running one check inside a student's notebook kernel: the grade cells' hidden part.

This is plain ``nbgrader autograde``'s path: the student's code and the check share a
kernel, as nbgrader always works. It gives the same scores as ``autograder grade`` on
honest work; it is not safe against cheating (that is what the engine is for).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from pathlib import Path

from autograder.course import CoursePaths

_MARK = "autograder.nbgrade"
_written: dict[str, Path] = {}


def _code_file(history: Sequence[str], exercise_id: str) -> Path:
    """The code the student's cells ran, as a percent-format file (grade cells left out)."""
    cells = [cell for cell in list(history)[1:] if _MARK not in cell]
    text = "".join(f"# %%\n{cell}\n" for cell in cells)
    key = hashlib.sha256(text.encode()).hexdigest()
    if key not in _written:
        folder = Path(tempfile.mkdtemp(prefix="autograder-kernel-"))
        _written[key] = folder / f"{exercise_id}.py"
        _written[key].write_text(text, encoding="utf-8")
    return _written[key]


def run_check(course_root: str, nodeid: str, history: Sequence[str]) -> None:
    """Run check ``nodeid`` on the code of the cells executed so far (IPython's ``In``);
    raise AssertionError with the check's message if it fails."""
    import os

    from autograder.verify import run_checks

    exercise_id = Path(nodeid.split("::", 1)[0]).stem.removeprefix("test_")
    if "AUTOGRADER_STUDENT" not in os.environ and Path.cwd().parent.parent.name == "autograded":
        # nbgrader autograde runs in autograded/<student>/<assignment>/: quiz variants
        # are that student's.
        os.environ["AUTOGRADER_STUDENT"] = Path.cwd().parent.name
    paths = CoursePaths(Path(course_root))
    run = run_checks(paths, [exercise_id], impl=_code_file(history, exercise_id), nodeids=[nodeid])
    if not run.checks:
        raise AssertionError(f"the check {nodeid} was not found in {course_root}")
    failed = [c for c in run.checks if not c.passed]
    if failed:
        raise AssertionError(failed[0].message or failed[0].outcome)
    print(f"passed: {nodeid.split('::', 1)[1]}")
