"""Hidden checks for an exercise's quiz, in a few lines per exercise.

A hidden test file needs one line::

    test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "transposes").tests()

``test_quiz_answer`` is one check per question (its points), and one more,
``test_quiz_answer[answers_form]`` (``FORM_POINTS``): every answer has the right form,
the public ``test_quiz_form`` again, where the point is (public checks carry none).
``test_quiz_statement`` is one per statement of a multiple choice (the question's points
split evenly); it is ``None``, and pytest collects nothing under that name, when there
is no multiple choice.

The questions and the keys come from the reference solution, ``solutions/<id>.py``
(``QUESTIONS`` and ``answers()``), loaded in the trusted process: keys are recomputed
for the student being graded and never leave it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest

from autograder.checks import fail
from autograder.course.model import CoursePaths
from autograder.quiz import Question, form_error, is_correct, option_correct, own_numbers
from autograder.quiz.form import form_problems
from autograder.quiz.keys import as_student, load_reference

FORM = "answers_form"  # the parameter of the hidden form check (not a question id)
FORM_POINTS = 1.0


class QuizChecks:
    def __init__(self, test_file: str, exercise: str) -> None:
        self.paths = CoursePaths(Path(test_file).resolve().parents[2])
        self.exercise = exercise
        self.questions = {q.id: q for q in self.reference.QUESTIONS}
        if FORM in self.questions:
            raise ValueError(f"{exercise}: {FORM!r} names the form check; rename that question")

    @property
    def reference(self) -> ModuleType:
        return _reference(self.paths.root, self.exercise)

    def keys(self, student: str) -> dict[str, Any]:
        return _keys(self.paths.root, self.exercise, student)

    # -- parametrization, points included -------------------------------------------
    def answer_params(self) -> list[Any]:
        return [
            pytest.param(q.id, marks=pytest.mark.points(q.points))
            for q in self.questions.values()
            if q.kind != "multiple"
        ] + [pytest.param(FORM, marks=pytest.mark.points(FORM_POINTS))]

    def statement_params(self) -> list[Any]:
        return [
            pytest.param(q.id, letter, marks=pytest.mark.points(q.points / len(q.options)))
            for q in self.questions.values()
            if q.kind == "multiple"
            for letter in q.options
        ]

    # -- the checks -------------------------------------------------------------------
    def _answer(self, impl: Any, question: Question) -> Any:
        answers = impl.answers()
        if not isinstance(answers, dict):
            fail(f"answers() must return a dict, not a {type(answers).__name__}")
        answer = answers.get(question.id)
        problem = form_error(question, answer)
        if problem:
            fail(f"{question.id}: {problem}")
        return answer

    def _graded_against(self, question: Question, student_id: str) -> str:
        """`` for your variant (student 'ana': h=224, w=512).``: whose variant the answer
        was graded against, with the numbers that student's notebook shows (the prompt's
        values, never the key), so an answer worked out for other numbers shows itself."""
        if not question.params and not question.shuffle:
            return "."
        who = f"student {student_id!r}" if student_id else "no student id"
        numbers = own_numbers(self.reference.COURSE, student_id, question)
        return f" for your variant ({who}: {numbers})." if numbers else f" ({who})."

    def _wrong(self, question: Question, student_id: str, what: str) -> NoReturn:
        hint = question.hint.strip()
        if hint:
            hint = f" Hint: {hint}" + ("" if hint.endswith((".", "!", "?")) else ".")
        graded = self._graded_against(question, student_id)
        if not question.params and not question.shuffle:
            fail(f"{question.id}: {what}{graded}{hint}")
        how = hint or (" Recompute it from those numbers." if question.params else "")
        other = "other numbers" if question.params else "the options in another order"
        fail(
            f"{question.id}: {what}{graded}{how} If your notebook showed {other}, "
            "you answered another variant: set AUTOGRADER_STUDENT to your login, re-run "
            "the quiz cell and recompute."
        )

    def check_form(self, impl: Any) -> None:
        """Every answer has its question's form (no key involved)."""
        answers = impl.answers()
        if not isinstance(answers, dict):
            kind = getattr(answers, "type_name", type(answers).__name__)
            fail(f"answers() must return a dict from question id to answer, not a {kind}")
        problems = form_problems(list(self.questions.values()), answers)
        if problems:
            fail("answers(): " + "; ".join(problems))

    def check_answer(self, impl: Any, student_id: str, qid: str) -> None:
        if qid == FORM:
            self.check_form(impl)
            return
        question = self.questions[qid]
        answer = self._answer(impl, question)
        if not is_correct(question, answer, self.keys(student_id)[qid]):
            self._wrong(question, student_id, "not right")

    def check_statement(self, impl: Any, student_id: str, qid: str, letter: str) -> None:
        question = self.questions[qid]
        answer = self._answer(impl, question)
        if not option_correct(question, answer, self.keys(student_id)[qid], letter):
            self._wrong(question, student_id, f"statement ({letter}) was not decided right")

    # -- the test functions, for a hidden test module ---------------------------------
    def tests(self) -> tuple[Callable[..., None], Callable[..., None] | None]:
        quiz, statements = self, self.statement_params()

        @pytest.mark.parametrize("qid", self.answer_params())
        def test_quiz_answer(impl: Any, student_id: str, qid: str) -> None:
            """One quiz question, against the key of the graded student's variant (or, for
            ``answers_form``, the form of every answer)."""
            quiz.check_answer(impl, student_id, qid)

        @pytest.mark.parametrize(("qid", "letter"), statements)
        def test_quiz_statement(impl: Any, student_id: str, qid: str, letter: str) -> None:
            """One statement of a multiple choice, decided right or not (partial credit)."""
            quiz.check_statement(impl, student_id, qid, letter)

        return test_quiz_answer, (test_quiz_statement if statements else None)


@cache
def _reference(root: Path, exercise: str) -> ModuleType:
    return load_reference(CoursePaths(root), exercise)


@cache
def _keys(root: Path, exercise: str, student: str) -> dict[str, Any]:
    with as_student(student):
        return dict(_reference(root, exercise).answers())
