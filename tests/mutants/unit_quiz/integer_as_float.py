# rule: handout.unit-quiz-integers
# mistake: an integer answer given as a float (computed with true division)
# caught-by: test_quiz_answer
# message: fc_weights: expected an integer
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["fc_weights"] = a["fc_weights"] / 1
    return a
