"""What every command shares: the console, the course lookup, one way to fail, and the
``--course`` option."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from autograder.course.model import Course, CoursePaths

console = Console()
F = TypeVar("F", bound=Callable[..., Any])


def load_course(course_file: str | None) -> tuple[CoursePaths, Course]:
    paths = CoursePaths(Path(course_file).resolve().parent) if course_file else CoursePaths.find()
    return paths, paths.load()


def fail(message: str) -> None:
    """Print one clear line and exit 1 (library errors become this, never a traceback)."""
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    sys.exit(1)


course_option = click.option(
    "--course",
    "course_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="course.yml to use (default: found at or above the current directory).",
)


def db_url_option(what: str) -> Callable[[F], F]:
    """``--db-url``, for ``build`` and ``grade``: nbgrader's gradebook (course/dburl.py)."""
    return click.option(
        "--db-url",
        default=None,
        help=f"nbgrader's gradebook database{what}: sqlite:///PATH or "
        "postgresql://USER@HOST:PORT/DB (default: AUTOGRADER_DB_URL, else course.yml "
        "gradebook.db_url, else gradebook.db in the course folder).",
    )
