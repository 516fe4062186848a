"""The instructor's view of a quiz: any student's variant and its key.

Keys are computed by the reference solution (``solutions/<id>.py``'s ``answers()``) for
that student, in this process: instructor code only, never a submission.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from autograder.course.model import Course, CoursePaths
from autograder.quiz import Question, render


class QuizError(RuntimeError):
    """No quiz where one was asked for; the message says which files were looked at."""


@contextlib.contextmanager
def as_student(student: str) -> Iterator[None]:
    saved = os.environ.get("AUTOGRADER_STUDENT")
    os.environ["AUTOGRADER_STUDENT"] = student
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("AUTOGRADER_STUDENT", None)
        else:
            os.environ["AUTOGRADER_STUDENT"] = saved


def load_reference(paths: CoursePaths, exercise: str) -> ModuleType:
    path = paths.solution(exercise)
    spec = importlib.util.spec_from_file_location(f"_reference_{exercise}", path)
    if spec is None or spec.loader is None:
        raise QuizError(f"{path}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    with contextlib.redirect_stdout(io.StringIO()):
        spec.loader.exec_module(module)
    return module


def variants_and_keys(
    paths: CoursePaths, course: Course, student: str, exercises: list[str] | None = None
) -> dict[str, list[tuple[str, Any]]]:
    """Per quiz exercise: (the student's prompt, its key) for every question."""
    shown: dict[str, list[tuple[str, Any]]] = {}
    for exercise in exercises or course.exercise_ids:
        module = load_reference(paths, exercise)
        questions: list[Question] = list(getattr(module, "QUESTIONS", []))
        if not questions:
            if exercises:
                raise QuizError(f"{paths.solution(exercise)} defines no QUESTIONS")
            continue
        with as_student(student):
            keys = module.answers()
        shown[exercise] = [(render(module.COURSE, student, q), keys.get(q.id)) for q in questions]
    if not shown:
        raise QuizError("no exercise in course.yml defines QUESTIONS (see solutions/unit_quiz.py)")
    return shown
