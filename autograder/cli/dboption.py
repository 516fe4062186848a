"""``--db-url``, for ``build`` and ``grade``: nbgrader's gradebook (course/dburl.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def db_url_option(what: str) -> Callable[[F], F]:
    return click.option(
        "--db-url",
        default=None,
        help=f"nbgrader's gradebook database{what}: sqlite:///PATH or "
        "postgresql://USER@HOST:PORT/DB (default: AUTOGRADER_DB_URL, else course.yml "
        "gradebook.db_url, else gradebook.db in the course folder).",
    )
