"""The student's self-check: run one exercise's public checks on their own work.

From a terminal, ``pytest tests/public/test_<id>.py`` does it. From a notebook, the
self-check cell calls ``run_public_checks("<id>")``, which checks the code of the cells
run so far in this very notebook (IPython keeps their text), not a file on disk.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from autograder.course import CourseError, CoursePaths

_WRITTEN: dict[tuple[str, str], Path] = {}


def history_file(history: Sequence[str], exercise_id: str) -> Path:
    """The code cells a kernel has run (IPython's ``In``, the running cell excluded) as a
    percent-format ``<exercise_id>.py``; graded-check and self-check cells left out."""
    cells = [
        cell
        for cell in list(history)[1:-1]
        if "autograder.nbgrade" not in cell and "run_public_checks" not in cell
    ]
    text = "".join(f"# %%\n{cell}\n" for cell in cells)
    key = (exercise_id, text)
    if key not in _WRITTEN:  # one file for all the grade cells of a notebook
        target = Path(tempfile.mkdtemp(prefix="autograder-kernel-")) / f"{exercise_id}.py"
        target.write_text(text, encoding="utf-8")
        _WRITTEN[key] = target
    return _WRITTEN[key]


def notebook_code(exercise_id: str) -> Path | None:
    """This notebook's code (``history_file``); None outside a notebook."""
    import __main__

    history = getattr(__main__, "In", None)
    if not isinstance(history, list) or len(history) < 2:
        return None
    return history_file(history, exercise_id)


def run_public_checks(exercise_id: str, impl: str | Path | None = None) -> int:
    """Run ``tests/public/test_<id>.py`` against ``impl`` (default: this notebook's
    code, or ``exercises/`` outside a notebook); return pytest's exit code."""
    try:
        paths = CoursePaths.find()
    except CourseError:
        print(
            "The public checks were not found here. Unpack the student bundle and open "
            "this notebook from its folder (it holds course.yml and tests/public/)."
        )
        return int(pytest.ExitCode.USAGE_ERROR)
    target = impl if impl is not None else (notebook_code(exercise_id) or "exercises")
    return int(
        pytest.main(
            [
                str(paths.public_test(exercise_id)),
                f"--impl={target}",
                "-q",
                "--no-header",
                "-p",
                "no:cacheprovider",
                f"--course={paths.course_file}",
            ]
        )
    )
