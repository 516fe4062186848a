# mistake: the quiz's output shape with padding added (+2p) instead of cropped
# caught-by: test_quiz_answer
# message: output_shape: not right for your variant
# rule: handout.transposed_conv-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "output_shape"))
    h = (q["h"] - 1) * q["s"] + 2 * q["p"] + q["kh"] + q["oph"]
    w = (q["w"] - 1) * q["s"] + 2 * q["p"] + q["kw"] + q["opw"]
    keys["output_shape"] = (q["n"], q["cout"], h, w)
    return keys
