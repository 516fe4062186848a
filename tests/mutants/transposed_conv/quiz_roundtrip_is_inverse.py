# mistake: takes the transposed convolution for the inverse ("deconvolution"): the round trip gives X[1, 1] back
# caught-by: test_quiz_answer
# message: roundtrip_center: not right for your variant
# rule: handout.transposed_conv-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "roundtrip_center"))
    keys["roundtrip_center"] = q["x0"] + 4
    return keys
