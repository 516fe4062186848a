# rule: handout.unit-quiz-fc-as-conv
# mistake: the fully connected layer taken as a 1x1 convolution
# caught-by: test_quiz_answer
# message: fc_as_conv
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["fc_as_conv"] = a["fc_as_conv"][:2] + (1, 1)
    return a
