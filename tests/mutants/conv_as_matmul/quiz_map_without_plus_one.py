# mistake: takes the map of outputs to be (m - s) x (m - s), forgetting the "+ 1" of the output size
# caught-by: test_quiz_answer
# message: fully_conv_map: not right for your variant
# rule: answers.own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "fully_conv_map"))
    s, m = q["sm"]
    keys["fully_conv_map"] = (m - s) ** 2
    return keys
