# rule: handout.unit-quiz-number-tolerance
# mistake: a number answer 0.2 % off (rounded too coarsely), beyond the 0.1 % allowed
# caught-by: test_quiz_answer
# message: fc_ratio: not right
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["fc_ratio"] = a["fc_ratio"] * 1.002
    return a
