# mistake: takes the d-th difference of a * t**d to be a * d (the degree), not a * d!
# caught-by: test_quiz_answer
# message: q3_t_pow_d: not right for your variant
# rule: answers.derivative-kernels-own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q3_t_pow_d"))
    keys["q3_t_pow_d"] = q["a"] * q["d"]
    return keys
