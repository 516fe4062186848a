"""Public check of the unit quiz: the FORM of the answers only (values are graded)."""

from autograder.quiz.form import QuizForm

test_quiz_form = QuizForm(__file__, "unit_quiz").test()
