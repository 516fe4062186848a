# mistake: thinks the 2-D corr2d sees the image of a (N, 1, H, W) batch, as if it read the last two dimensions
# caught-by: test_quiz_answer
# message: q2_4d_shape: not right for your variant
# rule: answers.own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q2_4d_shape"))
    keys["q2_4d_shape"] = (q["height"] - q["kh"] + 1, q["width"] - 2 + 1)
    return keys
