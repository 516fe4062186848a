# rule: handout.unit-quiz-locality
# mistake: "translation invariance does not reduce the number of weights" marked true
# caught-by: test_quiz_statement
# message: locality: statement
_reference_answers = answers


def answers():
    from autograder.quiz import shown_letter, student_id

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "locality"]
    a["locality"] = (*a["locality"], shown_letter(COURSE, student_id(), q, "c"))
    return a
