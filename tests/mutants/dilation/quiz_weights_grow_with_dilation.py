# mistake: quiz: the dilated layer's weights counted over its effective size, as if dilation added weights
# caught-by: test_quiz_answer
# message: q4_weights: not right for your variant
# rule: handout.dilation-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q4_weights"))
    side = q["d"] * (q["k"] - 1) + 1
    keys["q4_weights"] = (q["cin"] * q["cout"] * side**2, q["cin"] * q["cout"] * side**2)
    return keys
