# rule: handout.unit-quiz-pooling
# mistake: pooling's padding added once, not on both sides
# caught-by: test_quiz_answer
# message: pool_padding
_reference_answers = answers


def answers():
    from autograder.quiz import student_id, variant

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "pool_padding"]
    s = variant(COURSE, student_id(), q)
    a["pool_padding"] = (s["n"] + s["p"] - s["k"]) // s["s"] + 1
    return a
