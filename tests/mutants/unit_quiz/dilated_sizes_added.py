# rule: handout.unit-quiz-dilated-stacks
# mistake: a dilated stack's field taken as the sum of the layers' effective sizes
# caught-by: test_quiz_answer
# message: dilated_stack
_reference_answers = answers


def answers():
    from autograder.quiz import student_id, variant

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "dilated_stack"]
    a["dilated_stack"] = sum(2 * d + 1 for d in variant(COURSE, student_id(), q)["ds"])
    return a
