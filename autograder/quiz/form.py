"""The public check of a quiz: the form of the answers, never their values.

A public test file needs one line::

    test_quiz_form = QuizForm(__file__, "transposes").test()

It carries no points (no public check does: ``autograder check``); the point for the
answers' form is the hidden ``test_quiz_answer[answers_form]`` (``grading.QuizChecks``).

The questions are read from the exercise's stub, ``exercises/<id>.py`` (the file
students get): only the cell that assigns ``QUESTIONS`` is run, so that cell must be
self-contained (its imports and constants inside it). Nothing else of the stub runs, and
no key is involved: keys live in ``solutions/`` and are checked by the hidden tests.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from autograder.boundary.loader import SubmissionFormatError, read_cells
from autograder.checks import StudentNotice, fail
from autograder.quiz import NO_ID_NOTICE, Question, assigns_questions, form_error


class QuizFormError(RuntimeError):
    """The questions cannot be read from the stub; the message says which file and why."""


def questions_in(path: Path) -> list[Question]:
    """The ``QUESTIONS`` of a stub or notebook, from its quiz cell alone."""
    return list(_questions(path.resolve(), path.stat().st_mtime_ns if path.exists() else 0))


@cache
def _questions(path: Path, mtime: int) -> tuple[Question, ...]:
    del mtime  # part of the cache key only
    try:
        cells = [c for c in read_cells(path) if assigns_questions(c.source)]
    except SubmissionFormatError as error:
        raise QuizFormError(str(error)) from None
    if len(cells) != 1:
        raise QuizFormError(
            f"{path.name}: expected one code cell that assigns QUESTIONS, found {len(cells)}"
        )
    namespace: dict[str, Any] = {"__name__": f"_quiz_form_{path.stem}"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(cells[0].source, str(path), "exec"), namespace)
    except Exception as error:
        raise QuizFormError(
            f"{path.name}: the QUESTIONS cell does not run on its own "
            f"({type(error).__name__}: {error}); keep its imports and constants inside it"
        ) from None
    questions = namespace.get("QUESTIONS")
    if not isinstance(questions, list | tuple) or not all(
        isinstance(q, Question) for q in questions
    ):
        raise QuizFormError(f"{path.name}: QUESTIONS must be a list of autograder.quiz.Question")
    return tuple(questions)


def form_problems(questions: list[Question], answers: dict[Any, Any]) -> list[str]:
    """Every problem of form in ``answers``, one phrase each, naming its question."""
    ids = [q.id for q in questions]
    unknown = sorted(repr(key)[:40] for key in answers if key not in ids)
    problems = []
    if unknown:
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        problems.append(
            f"{', '.join(unknown[:5])}{more}: not a question id (the ids are {', '.join(ids)})"
        )
    missing = [qid for qid in ids if answers.get(qid) is None]
    if missing:
        problems.append(f"no answer yet for {', '.join(missing)}")
    problems += [
        f"{q.id}: {form_error(q, answers[q.id])}"
        for q in questions
        if answers.get(q.id) is not None and form_error(q, answers[q.id])
    ]
    return problems


class QuizForm:
    def __init__(self, test_file: str, exercise: str) -> None:
        self.stub = Path(test_file).resolve().parents[2] / "exercises" / f"{exercise}.py"

    def questions(self) -> list[Question]:
        try:
            return questions_in(self.stub)
        except (QuizFormError, OSError) as error:
            fail(f"cannot read the quiz questions: {error}")

    def check(self, impl: Any, *, student: str) -> None:
        """Fail with one message that lists every problem of form; warn (a
        ``StudentNotice``) when no student id is known. The point is still awarded
        without an id: this check judges form, which no id changes; and an id is always
        known when work is graded (the engine names the student), so withholding the
        point would change no grade, only make the reference fail its public checks in
        every author tool and tell a student that a right form is wrong."""
        if not student:
            warnings.warn(StudentNotice(NO_ID_NOTICE), stacklevel=2)
        questions = self.questions()
        answers = impl.answers()
        if not isinstance(answers, dict):
            kind = getattr(answers, "type_name", type(answers).__name__)
            fail(f"answers() must return a dict from question id to answer, not a {kind}")
        problems = form_problems(questions, answers)
        if problems:
            fail("answers(): " + "; ".join(problems))

    def test(self, points: float | None = None) -> Callable[..., None]:
        """The public test function (collected under the name it is assigned to); no
        points, as no public check has (``points`` is refused with the fix)."""
        if points is not None:
            raise TypeError(
                f"QuizForm(...).test(points={points:g}): public checks carry no points; "
                "write .test() (the form's point is the hidden test_quiz_answer[answers_form])"
            )
        form = self

        def test_quiz_form(impl: Any, student_id: str) -> None:
            """The answers have the right form (their values are graded by hidden checks)."""
            form.check(impl, student=student_id)

        return test_quiz_form
