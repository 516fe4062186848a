"""Hidden checks of the unit quiz: each answer against the key of the graded student's
own variant (the reference's, recomputed here in the trusted process)."""

import pytest

from autograder.quizchecks import QuizChecks

QUIZ = QuizChecks(__file__, "unit_quiz")


@pytest.mark.parametrize("qid", QUIZ.answer_params())
def test_answer(impl, student_id, qid):
    QUIZ.check_answer(impl, student_id, qid)


@pytest.mark.parametrize(("qid", "letter"), QUIZ.statement_params())
def test_statement(impl, student_id, qid, letter):
    """Each statement of a multiple choice is its own check (partial credit)."""
    QUIZ.check_statement(impl, student_id, qid, letter)
