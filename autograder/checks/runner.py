"""The one place a pytest run of the checks is put together (grading, the checks of the
checks, and the course check's point count all start pytest through ``pytest_args``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from autograder.course.model import CoursePaths

# Per-test machinery no check uses that costs time on every check (log capture) or at
# session end (a full gc pass).
_UNUSED_PLUGINS = ("logging", "unraisableexception", "threadexception", "faulthandler")


def pytest_args(
    paths: CoursePaths, files: Sequence[str | Path], *, extra: Sequence[str] = ()
) -> list[str]:
    """Arguments for ``pytest.main``: the check files, the course, quiet output, the
    course's import mode and strict markers, then ``extra``."""
    args = [str(f) for f in files]
    args += [f"--course={paths.course_file}", f"--rootdir={paths.root}"]
    for plugin in ("terminal", "cacheprovider", *_UNUSED_PLUGINS):
        args += ["-p", f"no:{plugin}"]
    args += [
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
        "--import-mode=importlib",
        "--strict-markers",
        *extra,
    ]
    return args
