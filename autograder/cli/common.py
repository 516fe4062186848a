"""What every command shares: the console, the course lookup, one way to fail, and the
``--course`` option."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from autograder.course.model import Course, CoursePaths

console = Console()


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
