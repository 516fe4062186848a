# rule: handout.unit-quiz-fc-weights
# mistake: fully connected weights counted without the 3 colour channels
# caught-by: test_quiz_answer
# message: fc_weights
_reference_answers = answers


def answers():
    a = _reference_answers()
    a["fc_weights"] //= 3
    return a
