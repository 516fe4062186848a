"""What the pytest plugin talks to: the host that supplies submissions and takes results.

Two hosts implement :class:`CheckHost`: the self-check's (``checks/selfhost.py``: one
submission per exercise, run in this process; ``pytest tests/public``, a notebook's
``check()``, ``autograder verify``) and the grading engine's session
(``grading/engine.py``: a sandboxed submission per student). The plugin registers the
self-check host when pytest starts (:func:`offer_host`); the engine replaces it with
its own (:func:`register_host`); the plugin's fixtures and hooks ask
:func:`active_host` and nothing else.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

import pytest

from autograder.boundary.submission import Submission
from autograder.grading.results import CheckResult

_HOST = pytest.StashKey["CheckHost"]()


class CheckHost(Protocol):
    """Where the checks of one pytest session get their submissions and send results."""

    def submission(self, student: str | None, exercise: str) -> Submission:
        """The submission of ``exercise`` (of ``student``, for the grading engine)."""
        ...

    def seed(self, student: str | None, item: pytest.Item, visibility: str) -> int:
        """The seed of the check ``item`` ('public' or 'hidden')."""
        ...

    def check_id(self, item: pytest.Item) -> str:
        """The check's id as results record it."""
        ...

    def record(self, item: pytest.Item, result: CheckResult) -> None:
        """Keep the result of one check."""
        ...


def register_host(config: pytest.Config, host: CheckHost) -> None:
    """Make ``host`` the session's host (the grading engine's, over the self-check's)."""
    config.stash[_HOST] = host


def offer_host(config: pytest.Config, host: CheckHost) -> None:
    """Make ``host`` the session's host unless one is registered already."""
    config.stash.setdefault(_HOST, host)


def active_host(config: pytest.Config) -> CheckHost:
    """The session's host; without one (the plugin was not configured) a clear error."""
    host = config.stash.get(_HOST, None)
    if host is None:
        raise pytest.UsageError(
            "no check host is registered for this pytest session: the course's checks run "
            "with the autograder's pytest plugin (autograder.checks.plugin); run them with "
            "`pytest` where the package is installed, without `-p no:conv_autograder`, or "
            "through `autograder verify` / `autograder grade`"
        )
    return host


def exercise_of(path: Path) -> str:
    """The exercise a test file checks: ``test_<id>.py`` -> ``<id>``."""
    return path.stem.removeprefix("test_")


def visibility_of(path: Path) -> str:
    return "hidden" if "hidden" in path.parts else "public"


def derive_seed(base: int, nodeid: str) -> int:
    """An independent, reproducible seed per check."""
    digest = hashlib.sha256(f"{base}:{nodeid}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
