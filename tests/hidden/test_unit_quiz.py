"""Hidden checks of the unit quiz: each answer against the key of the graded student's
own variant (the reference's, recomputed here in the trusted process)."""

from autograder.quiz.grading import QuizChecks

test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "unit_quiz").tests()
