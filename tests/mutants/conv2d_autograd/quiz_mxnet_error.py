# mistake: the popular answer: the textbook's Conv2D fails with an in-place error (that is MXNet's)
# caught-by: test_quiz_answer
# message: q1_textbook_layer: not right
# rule: answers.own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    return {**_reference_answers(), "q1_textbook_layer": "a"}
