"""The self-check's host: one submission per exercise, run in this process.

What ``pytest tests/public`` (in the course or the student bundle), a notebook's
``check()`` and ``autograder verify`` run against: ``--impl`` names the code, the
in-process transport carries every call as bytes, and the results stay here for the
score table and ``--results``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from autograder.boundary.loader import find_submission_file
from autograder.boundary.submission import Submission
from autograder.boundary.transport import InProcessTransport
from autograder.checks.host import derive_seed
from autograder.course.model import Course, CoursePaths
from autograder.grading.results import CheckResult
from autograder.worker.timelimits import wall_backstop

PUBLIC_DEFAULT_SEED = 0


class SelfCheckHost:
    """Per-session state: the options resolved once, the submissions, the results."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.impl_option: str = config.getoption("impl")
        seed = config.getoption("seed")
        self.public_seed = PUBLIC_DEFAULT_SEED if seed is None else seed
        self.hidden_seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        self._course: tuple[CoursePaths, Course] | None = None
        self.submissions: dict[str, Submission] = {}
        self.results: list[CheckResult] = []

    def course(self) -> tuple[CoursePaths, Course]:
        if self._course is None:
            option = self.config.getoption("course")
            paths = (
                CoursePaths(Path(option).resolve().parent)
                if option
                else CoursePaths.find(self.config.invocation_params.dir)
            )
            self._course = (paths, paths.load())
        return self._course

    def impl_location(self) -> Path:
        paths, _ = self.course()
        if self.impl_option == "solutions":
            return paths.solutions_dir
        if self.impl_option == "exercises":
            return paths.exercises_dir
        location = Path(self.impl_option).expanduser()
        if not location.is_absolute():
            location = Path(self.config.invocation_params.dir) / location
        return location

    # -- the CheckHost protocol --------------------------------------------------
    def submission(self, student: str | None, exercise: str) -> Submission:
        if exercise not in self.submissions:
            paths, course = self.course()
            location = self.impl_location()
            found = (
                find_submission_file(location, exercise, frozenset(course.exercise_ids))
                if location.exists()
                else None
            )
            reason = ""
            if not location.exists():
                reason = f"--impl {self.impl_option}: no such file or directory ({location})"
            elif found is None:
                reason = (
                    f"no submission for {exercise}: expected {exercise}.py or "
                    f"{exercise}.ipynb in {location}"
                )
            limits = course.grading
            transport = InProcessTransport(
                call_timeout_s=limits.call_timeout_s,
                wall_backstop_s=wall_backstop(limits.call_timeout_s, limits.wall_backstop_factor),
                output_kb=limits.output_kb,
            )
            self.submissions[exercise] = Submission(
                transport, exercise=exercise, path=found, missing_reason=reason
            )
        return self.submissions[exercise]

    def seed(self, student: str | None, item: pytest.Item, visibility: str) -> int:
        base = self.hidden_seed if visibility == "hidden" else self.public_seed
        return derive_seed(base, item.nodeid)

    def check_id(self, item: pytest.Item) -> str:
        return item.nodeid

    def record(self, item: pytest.Item, result: CheckResult) -> None:
        self.results.append(result)
