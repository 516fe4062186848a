"""``autograder quiz show``: a student's variant of every quiz question, with its key."""

from __future__ import annotations

import click

from autograder.cli.common import console, course_option, fail, load_course
from autograder.course.model import CourseError


@click.group()
def quiz() -> None:
    """Quiz questions with per-student variants."""


@quiz.command("show")
@click.option("--student", required=True, help="The student id (their login).")
@click.argument("exercise_ids", nargs=-1)
@course_option
def quiz_show(student: str, exercise_ids: tuple[str, ...], course_file: str | None) -> None:
    """Print a student's variant of every quiz question, with its key (instructors only:
    the keys come from solutions/)."""
    from autograder.quiz.keys import QuizError, variants_and_keys

    try:
        paths, course = load_course(course_file)
        shown = variants_and_keys(paths, course, student, list(exercise_ids) or None)
    except (CourseError, QuizError) as error:
        fail(str(error))
        return
    for exercise, items in shown.items():
        console.rule(f"{exercise}: student {student}")
        for prompt, key in items:
            console.print(prompt, highlight=False, markup=False, soft_wrap=True)
            console.print(f"  key: {key!r}\n", style="bold", highlight=False, markup=False)
