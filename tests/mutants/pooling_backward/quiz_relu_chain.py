# mistake: quiz: takes the maxima one after another (a chain of kh * kw - 1 ReLUs), not in a balanced tree
# caught-by: test_quiz_answer
# message: q5_relu_stages: not right for your variant
# rule: answers.pooling-own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q5_relu_stages"))
    keys["q5_relu_stages"] = q["kh"] * q["kw"] - 1
    return keys
