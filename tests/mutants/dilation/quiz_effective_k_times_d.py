# mistake: quiz: the effective size of a dilated kernel taken as k * d
# caught-by: test_quiz_answer
# message: q1_effective_size: not right for your variant
# rule: handout.dilation-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q1_effective_size"))
    keys["q1_effective_size"] = q["k"] * q["d"]
    return keys
