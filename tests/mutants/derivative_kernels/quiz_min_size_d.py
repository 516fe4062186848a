# mistake: "a d-th derivative needs d weights": the smallest kernel length taken as d
# caught-by: test_quiz_answer
# message: q2_min_size: not right for your variant
# rule: answers.derivative-kernels-own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q2_min_size"))
    keys["q2_min_size"] = q["d"]
    return keys
