"""The student's self-check: run one exercise's public checks on their own work."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.course import CoursePaths


def run_public_checks(exercise_id: str, impl: str | Path = "exercises") -> int:
    """Run ``tests/public/test_<id>.py`` against ``impl``; return pytest's exit code."""
    paths = CoursePaths.find()
    return int(
        pytest.main(
            [
                str(paths.public_test(exercise_id)),
                f"--impl={impl}",
                "-q",
                "--no-header",
                f"--course={paths.course_file}",
            ]
        )
    )
