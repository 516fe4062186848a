# mistake: quiz: receptive field without the jump: every layer adds (k - 1) * d, the strides below it ignored
# caught-by: test_quiz_answer
# message: q2_receptive_field: not right for your variant
# rule: handout.dilation-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q2_receptive_field"))
    keys["q2_receptive_field"] = 1 + (q["k1"] - 1) + 2 + 2 * q["d3"] + 2 * q["d4"]
    return keys
