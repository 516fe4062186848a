# mistake: takes im2col's size to be kh*kw copies of the input whatever the stride
# caught-by: test_quiz_answer
# message: im2col_numel_b: not right for your variant
# rule: answers.own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "im2col_numel_b"))
    k = q["kp"][0]
    keys["im2col_numel_b"] = q["n"] * 3 * q["h"] * q["w"] * k * k
    return keys
