# rule: handout.unit-quiz-small-kernels
# mistake: the receptive field of n stacked k x k layers taken as n * k (sides added)
# caught-by: test_quiz_answer
# message: small_stack
_reference_answers = answers


def answers():
    from autograder.quiz import student_id, variant

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "small_stack"]
    s = variant(COURSE, student_id(), q)
    side = s["n"] * s["k"]
    a["small_stack"] = (side, s["n"] * s["k"] ** 2, side**2)
    return a
