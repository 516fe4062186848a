# rule: handout.unit-quiz-locality
# mistake: the local window counted 2*delta wide, forgetting the centre pixel
# caught-by: test_quiz_answer
# message: locality_weights
_reference_answers = answers


def answers():
    from autograder.quiz import student_id, variant

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "locality_weights"]
    s = variant(COURSE, student_id(), q)
    a["locality_weights"] = a["locality_weights"][:2] + ((2 * s["delta"]) ** 2,)
    return a
