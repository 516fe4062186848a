"""Grading a batch of students in one pytest session, against sandboxed workers.

One pytest session per batch keeps collection and module import off the per-student
bill: every check is parametrized by student (``grading_student``), the items are
ordered student by student, and when a student's last check is recorded the student's
children are ended, the sandbox swept, and ``on_student`` is called with the result.
The checks themselves are the course's ordinary pytest files, unchanged.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pytest

from autograder.boundary.submission import Submission
from autograder.boundary.transport import InProcessHost, TransportHost
from autograder.checks.host import derive_seed, register_host
from autograder.checks.runner import pytest_args
from autograder.course.model import Course, CoursePaths
from autograder.grading.results import CheckResult, RunResult
from autograder.grading.students import StudentWork, missing_file_message

__all__ = ["GradedStudent", "GradingSession", "InProcessHost", "grade_batch", "warm_up"]

_STUDENT_ID = re.compile(r"(-s\d+\]|\[s\d+\])$")


@dataclass
class _Progress:
    remaining: int = 0
    started: float = 0.0
    checks: list[CheckResult] = field(default_factory=list)
    submissions: dict[str, Submission] = field(default_factory=dict)


@dataclass(frozen=True)
class GradedStudent:
    """What one student's grading produced, before it is written anywhere."""

    student: str
    run: RunResult
    duration_s: float
    load_notes: dict[str, str]


class GradingSession:
    """The pytest plugin that turns the course's checks into a batch grading run; the
    check host (``checks/host.py``) the course plugin's fixtures ask while it runs."""

    def __init__(
        self,
        *,
        paths: CoursePaths,
        course: Course,
        host: TransportHost,
        students: Sequence[StudentWork],
        seed: int,
        on_student: Callable[[GradedStudent], None],
    ) -> None:
        self.paths = paths
        self.course = course
        self.host = host
        self.students = {work.student: work for work in students}
        self.order = [work.student for work in students]
        self.base_seed = seed
        self.on_student = on_student
        self.progress: dict[str, _Progress] = {s: _Progress() for s in self.order}

    # -- pytest hooks -------------------------------------------------------------
    @pytest.hookimpl(trylast=True)
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "grading_student" in metafunc.fixturenames:
            metafunc.parametrize(
                "grading_student", self.order, ids=[f"s{i}" for i in range(len(self.order))]
            )

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        rank = {student: i for i, student in enumerate(self.order)}

        def student_of(item: pytest.Item) -> str | None:
            callspec = getattr(item, "callspec", None)
            return callspec.params.get("grading_student") if callspec is not None else None

        kept = [item for item in items if student_of(item) is not None]
        kept.sort(key=lambda item: rank[str(student_of(item))])  # stable: file order kept
        items[:] = kept
        for item in kept:
            self.progress[str(student_of(item))].remaining += 1
        for student, progress in self.progress.items():
            if progress.remaining == 0:  # nothing to check (no checks collected)
                self._finish(student)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        callspec = getattr(item, "callspec", None)
        if callspec is not None:
            progress = self.progress[callspec.params["grading_student"]]
            if not progress.started:
                progress.started = time.perf_counter()

    def pytest_configure(self, config: pytest.Config) -> None:
        register_host(config, self)

    # -- the CheckHost protocol: what the plugin's fixtures ask ---------------------
    def check_id(self, item: pytest.Item) -> str:
        """The check's id without the student parameter: the same for every student."""
        return _STUDENT_ID.sub(lambda m: "]" if m.group(0).startswith("-") else "", item.nodeid)

    def seed(self, student: str | None, item: pytest.Item, visibility: str) -> int:
        base = derive_seed(self.base_seed, f"{visibility}:{student}")
        return derive_seed(base, self.check_id(item))

    def submission(self, student: str | None, exercise: str) -> Submission:
        if student is None:  # never: every check the session runs is a student's
            raise RuntimeError("the grading engine checks a student's work; none was given")
        progress = self.progress[student]
        if exercise not in progress.submissions:
            work = self.students[student]
            path = work.files.get(exercise)
            reason = ""
            if path is None:
                reason = missing_file_message(work, exercise)
            progress.submissions[exercise] = Submission(
                self.host.transport(student=student) if path is not None else None,
                exercise=exercise,
                path=path,
                missing_reason=reason,
                root=work.folder,
            )
        return progress.submissions[exercise]

    def record(self, item: pytest.Item, result: CheckResult) -> None:
        callspec = getattr(item, "callspec", None)
        if callspec is None:
            return
        student = callspec.params["grading_student"]
        progress = self.progress[student]
        progress.checks.append(result)
        progress.remaining -= 1
        if progress.remaining == 0:
            self._finish(student)

    def _finish(self, student: str) -> None:
        progress = self.progress[student]
        notes = dict(self.students[student].notes)
        for exercise, submission in progress.submissions.items():
            if submission.load_failure:
                notes[exercise] = submission.load_failure
            elif submission.load_errors:
                notes[exercise] = submission.load_note().strip(" ()")
            submission.close()
        self.host.sweep()
        run = RunResult(
            impl=student,
            public_seed=derive_seed(self.base_seed, f"public:{student}"),
            hidden_seed=derive_seed(self.base_seed, f"hidden:{student}"),
            checks=progress.checks,
        )
        duration = time.perf_counter() - progress.started if progress.started else 0.0
        self.progress[student] = _Progress()
        self.on_student(GradedStudent(student, run, duration, notes))


def grade_batch(
    *,
    paths: CoursePaths,
    course: Course,
    host: TransportHost,
    students: Sequence[StudentWork],
    exercises: Sequence[str],
    seed: int,
    on_student: Callable[[GradedStudent], None],
) -> None:
    """Run the public and hidden checks of ``exercises`` for every student in one
    pytest session; ``on_student`` is called as each student is finished."""
    session = GradingSession(
        paths=paths,
        course=course,
        host=host,
        students=students,
        seed=seed,
        on_student=on_student,
    )
    files = [str(paths.public_test(e)) for e in exercises]
    files += [str(paths.hidden_test(e)) for e in exercises]
    with tempfile.TemporaryDirectory(prefix="autograder-grade-") as tmp:
        args = pytest_args(paths, files, extra=[f"--basetemp={tmp}/basetemp"])
        code = pytest.main(args, plugins=[session])
    unfinished = [s for s, p in session.progress.items() if p.checks]
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or unfinished:
        raise RuntimeError(
            f"the checks of {', '.join(exercises)} could not run (pytest exit code "
            f"{int(code)}); run `autograder verify` to see why"
        )


def warm_up(paths: CoursePaths, course: Course, exercises: Sequence[str]) -> None:
    """Grade the reference solutions once, in this process, and throw the result away.

    The first run of the checks in a process pays for importing the test modules and
    for torch's first calls (autograd, dispatch): about a second. Done in the parent
    before it forks its grading processes, that second is paid once, not once each.
    """
    reference = StudentWork("reference", {e: paths.solution(e) for e in exercises})
    grade_batch(
        paths=paths,
        course=course,
        host=InProcessHost(),
        students=[reference],
        exercises=exercises,
        seed=0,
        on_student=lambda graded: None,
    )
