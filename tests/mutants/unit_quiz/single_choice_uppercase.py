# rule: handout.unit-quiz-single-letter
# mistake: a single choice answered with an upper-case letter, not one of the option letters
# caught-by: test_quiz_answer
# message: equivariance: expected one of
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["equivariance"] = a["equivariance"].upper()
    return a
