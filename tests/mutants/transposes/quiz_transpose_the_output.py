# mistake: takes the shape of corr2d(X.T, G) to be the shape of corr2d(X, G).T
# caught-by: test_quiz_answer
# message: shape_XT_K: not right for your variant
# rule: answers.transposes-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "shape_XT_K"))
    keys["shape_XT_K"] = (q["w"] - q["kw"] + 1, q["h"] - q["kh"] + 1)
    return keys
