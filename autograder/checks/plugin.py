"""pytest plugin: how the course's checks reach an implementation, and what they record.

Registered by entry point (``pytest11``), so ``pytest tests/public`` works in the
course repository and in the student bundle. Options:

``--impl solutions|exercises|PATH``
    what the checks run against (default ``exercises``: a student's own stubs);
    PATH is one student's submission, a directory or a ``.py``/``.ipynb`` file.
``--seed N``
    seed for random inputs; public checks default to 0, hidden checks to a random
    seed. Both are recorded in the results.
``--results FILE``
    write the per-check results (id, points, passed, message, seed, ...) as JSON.
``--course FILE``
    the course.yml (default: found at or above the current directory).

Markers: ``points(n)``, what a check is worth. Fixtures: ``impl`` (the submission
for the test file's exercise, reached through the protocol), ``seed``, ``rng`` (a
``torch.Generator`` seeded per test), ``exercise`` (its course.yml entry).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Generator
from typing import Any

import pytest
import torch

from autograder.boundary.submission import StudentCodeError, Submission
from autograder.checks import StudentNotice
from autograder.checks.host import (
    active_host,
    derive_seed,
    exercise_of,
    offer_host,
    visibility_of,
)
from autograder.checks.messages import MAX_MESSAGE, short_message
from autograder.checks.scores import score_lines
from autograder.checks.selfhost import PUBLIC_DEFAULT_SEED, SelfCheckHost
from autograder.course.model import CourseError, Exercise
from autograder.grading.results import CheckResult, RunResult

# Re-exported: where checks and tools have found them.
__all__ = ["PUBLIC_DEFAULT_SEED", "derive_seed", "exercise_of", "score_lines", "visibility_of"]

_STATE = pytest.StashKey[SelfCheckHost]()
_ITEM_SUBMISSION = pytest.StashKey[Submission]()
_ITEM_SEED = pytest.StashKey[int]()
_ITEM_STARTED = pytest.StashKey[float]()
_ITEM_REPORTS = pytest.StashKey[list[pytest.TestReport]]()
_ITEM_NOTICES = pytest.StashKey[list[str]]()


# -- hooks ---------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autograder", "course checks")
    group.addoption(
        "--impl",
        default="exercises",
        help="what to check: 'solutions', 'exercises' (default) or a submission path",
    )
    group.addoption("--seed", type=int, default=None, help="seed for random inputs")
    group.addoption("--results", default=None, help="write per-check results (JSON) here")
    group.addoption("--course", default=None, help="path of course.yml")
    group.addoption(
        "--impl-label", default=None, help="how the score table names --impl (default: its path)"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): what the check is worth, in points")
    # One intra-op thread: on small shared machines it is many times faster.
    torch.set_num_threads(1)
    state = SelfCheckHost(config)
    config.stash[_STATE] = state
    # The grading engine registers its own host (before or after this): it wins.
    offer_host(config, state)


def _state(config: pytest.Config) -> SelfCheckHost:
    return config.stash[_STATE]


def _points(item: pytest.Item) -> float:
    marker = item.get_closest_marker("points")
    if marker is None or not marker.args:
        return 0.0
    return float(marker.args[0])


# (pytest only reads hooks whose names start with "pytest_"; specname names the hook.)
@pytest.hookimpl(tryfirst=True, specname="pytest_runtest_makereport")
def pytest_runtest_makereport_briefly(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> pytest.TestReport | None:
    """A failed check's report is its one-line message: pytest's own traceback
    rendering (reading and re-parsing the test's source) is never shown to anyone,
    and for a class of stubs it would be most of the grading time."""
    excinfo = call.excinfo
    if (
        call.when != "call"
        or excinfo is None
        or not isinstance(excinfo.value, StudentCodeError | AssertionError)
        or item.config.getoption("tbstyle", "auto") != "auto"
    ):
        return None
    sections = [
        (f"Captured {key} {when}", content)
        for when, key, content in getattr(item, "_report_sections", [])
    ]
    return pytest.TestReport(
        item.nodeid,
        item.location,
        dict.fromkeys(item.keywords, 1),
        "failed",
        short_message(excinfo),
        call.when,
        sections,
        call.duration,
        call.start,
        call.stop,
        user_properties=item.user_properties,
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call" or not report.passed:
        report.user_properties.append(("autograder_message", short_message(call.excinfo)))
        if report.failed and item.config.getoption("tbstyle", "auto") == "auto" and call.excinfo:
            if isinstance(call.excinfo.value, StudentCodeError | AssertionError):
                # A readable line for the student instead of a traceback wall.
                report.longrepr = short_message(call.excinfo)
    item.stash.setdefault(_ITEM_REPORTS, []).append(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None]:
    """Notices a check gives the student (``checks.StudentNotice``) go with its result;
    every other warning goes on to pytest as usual."""
    with warnings.catch_warnings(record=True) as recorded:
        warnings.simplefilter("always", StudentNotice)
        yield
    notices = []
    for warning in recorded:
        if issubclass(warning.category, StudentNotice):
            notices.append(str(warning.message))
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    item.stash[_ITEM_NOTICES] = notices


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    item.stash[_ITEM_STARTED] = time.perf_counter()
    yield
    _record(item, item.stash.get(_ITEM_REPORTS, []))


def _record(item: pytest.Item, reports: list[pytest.TestReport]) -> None:
    if not isinstance(item, pytest.Function):
        return
    host = active_host(item.config)
    failed = [r for r in reports if r.failed]
    skipped = [r for r in reports if r.skipped]
    report: pytest.TestReport | None
    if failed:
        outcome = "failed" if failed[0].when == "call" else "error"
        report = failed[0]
    elif skipped:
        outcome, report = "skipped", skipped[0]
    else:
        outcome = "passed"
        report = next((r for r in reports if r.when == "call"), reports[0] if reports else None)
    message = ""
    if report is not None:
        message = str(dict(report.user_properties).get("autograder_message", ""))
        if not message and outcome != "passed":
            message = str(report.longrepr)[-MAX_MESSAGE:]
        if outcome == "skipped" and isinstance(report.longrepr, tuple):
            message = str(report.longrepr[2])
    submission = item.stash.get(_ITEM_SUBMISSION, None)
    started = item.stash.get(_ITEM_STARTED, time.perf_counter())
    result = CheckResult(
        id=host.check_id(item),
        exercise=exercise_of(item.path),
        visibility="hidden" if visibility_of(item.path) == "hidden" else "public",
        points=_points(item),
        passed=outcome == "passed",
        outcome=outcome,
        message=message,
        seed=item.stash.get(_ITEM_SEED, None),
        duration_s=round(time.perf_counter() - started, 4),
        warnings=[
            *(submission.warnings if submission is not None else []),
            *item.stash.get(_ITEM_NOTICES, []),
        ],
    )
    host.record(item, result)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = _state(session.config)
    path = session.config.getoption("results")
    if path:
        RunResult(
            impl=state.impl_option,
            public_seed=state.public_seed,
            hidden_seed=state.hidden_seed,
            checks=state.results,
        ).write(path)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = _state(config)
    graded = [c for c in state.results if c.points > 0 or c.exercise in state.submissions]
    if not state.submissions or not graded:
        return
    for line in score_lines(state, graded):
        if line.startswith("= "):
            terminalreporter.section(line[2:])
        else:
            terminalreporter.write_line(line)


# -- fixtures ------------------------------------------------------------------
@pytest.fixture
def exercise(request: pytest.FixtureRequest) -> Exercise:
    """The course.yml entry of the exercise this test file checks."""
    try:
        _, course = _state(request.config).course()
        return course.exercise(exercise_of(request.path))
    except CourseError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture
def grading_student() -> str | None:
    """The student whose work is checked; the class-grading engine parametrizes it."""
    return None


@pytest.fixture
def impl(request: pytest.FixtureRequest, grading_student: str | None) -> Submission:
    """The implementation under test, reached through the grading protocol."""
    try:
        submission = active_host(request.config).submission(
            grading_student, exercise_of(request.path)
        )
    except CourseError as error:
        pytest.fail(str(error), pytrace=False)
    submission.warnings.clear()
    request.node.stash[_ITEM_SUBMISSION] = submission
    return submission


@pytest.fixture
def student_id(grading_student: str | None) -> str:
    """Whose quiz variant is checked: the student being graded, else the one named by
    $AUTOGRADER_STUDENT or the JupyterHub login (``autograder.quiz.student_id``)."""
    from autograder.quiz import student_id as current_student

    return grading_student if grading_student is not None else current_student()


@pytest.fixture
def seed(request: pytest.FixtureRequest, grading_student: str | None) -> int:
    """This check's seed, derived from the run's seed and the check's id."""
    host = active_host(request.config)
    value = host.seed(grading_student, request.node, visibility_of(request.path))
    request.node.stash[_ITEM_SEED] = value
    return value


@pytest.fixture
def rng(seed: int) -> torch.Generator:
    """A torch.Generator for this check's random inputs."""
    return torch.Generator().manual_seed(seed)
