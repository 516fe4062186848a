# rule: handout.unit-quiz-equivariant
# mistake: convolution called translation invariant
# caught-by: test_quiz_answer
# message: equivariance
_reference_answers = answers


def answers():
    a = _reference_answers()
    a["equivariance"] = "a"
    return a
