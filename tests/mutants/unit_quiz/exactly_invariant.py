# rule: handout.unit-quiz-per-statement
# mistake: statement (c), exact invariance, marked true
# caught-by: test_quiz_statement
# message: statement (c)
_reference_answers = answers


def answers():
    a = _reference_answers()
    a["invariance"] = ("a", "b", "c")
    return a
