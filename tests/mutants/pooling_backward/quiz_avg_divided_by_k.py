# mistake: quiz: takes the averaging kernel as ones / kh (divided by the side, not the area)
# caught-by: test_quiz_answer
# message: q1_avg_as_conv: not right for your variant
# rule: answers.pooling-own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q1_avg_as_conv"))
    keys["q1_avg_as_conv"] = (q["kh"], q["kh"], q["kw"])
    return keys
