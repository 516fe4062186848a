"""Hidden checks of the unit quiz: each answer against the key of the graded student's
own variant. The key is the reference solution's (solutions/unit_quiz.py), computed
here, in the trusted process, for that student."""

import contextlib
import importlib.util
import io
import os
from functools import cache
from pathlib import Path

import pytest

from autograder.checks import fail
from autograder.quiz import Question, form_error, is_correct, option_correct

REFERENCE = Path(__file__).resolve().parents[2] / "solutions" / "unit_quiz.py"


@cache
def _reference():
    spec = importlib.util.spec_from_file_location("_unit_quiz_reference", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints the variant when loaded
        spec.loader.exec_module(module)
    return module


@cache
def _keys(student):
    saved = os.environ.get("AUTOGRADER_STUDENT")
    os.environ["AUTOGRADER_STUDENT"] = student
    try:
        return _reference().answers()
    finally:
        if saved is None:
            os.environ.pop("AUTOGRADER_STUDENT", None)
        else:
            os.environ["AUTOGRADER_STUDENT"] = saved


QUESTIONS = {q.id: q for q in _reference().QUESTIONS}


def _answer(impl, question: Question, student_id):
    answers = impl.answers()
    if not isinstance(answers, dict):
        fail(f"answers() must return a dict, not a {type(answers).__name__}")
    answer = answers.get(question.id)
    problem = form_error(question, answer)
    if problem:
        fail(f"{question.id}: {problem}")
    return answer


def _wrong(question: Question, student_id):
    who = f"student {student_id!r}" if student_id else "no student id"
    fail(
        f"{question.id}: not right for your variant ({who}). Recompute it from the numbers "
        "your notebook shows; if they are not yours, set AUTOGRADER_STUDENT to your login"
    )


@pytest.mark.parametrize(
    "qid",
    [
        pytest.param(q.id, marks=pytest.mark.points(q.points))
        for q in QUESTIONS.values()
        if q.kind != "multiple"
    ],
)
def test_answer(impl, student_id, qid):
    question = QUESTIONS[qid]
    answer = _answer(impl, question, student_id)
    if not is_correct(question, answer, _keys(student_id)[qid]):
        _wrong(question, student_id)


@pytest.mark.parametrize(
    ("qid", "letter"),
    [
        pytest.param(q.id, letter, marks=pytest.mark.points(q.points / len(q.options)))
        for q in QUESTIONS.values()
        if q.kind == "multiple"
        for letter in q.options
    ],
)
def test_statement(impl, student_id, qid, letter):
    """Each statement of a multiple choice is its own check (partial credit)."""
    question = QUESTIONS[qid]
    answer = _answer(impl, question, student_id)
    if not option_correct(question, answer, _keys(student_id)[qid], letter):
        fail(f"{qid}: statement ({letter}) was not decided right")
