# rule: handout.unit-quiz-multiple-tuple
# mistake: a multiple choice answered as one string "a, b", not a tuple of letters
# caught-by: test_quiz_statement
# message: invariance: expected a tuple of letters
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["invariance"] = ", ".join(a["invariance"])
    return a
