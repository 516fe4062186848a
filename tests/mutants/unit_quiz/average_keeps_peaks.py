# rule: handout.unit-quiz-pooling
# mistake: average pooling chosen to detect a feature anywhere in a window
# caught-by: test_quiz_answer
# message: pooling_kind
_reference_answers = answers


def answers():
    from autograder.quiz import shown_letter, student_id

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "pooling_kind"]
    a["pooling_kind"] = shown_letter(COURSE, student_id(), q, "b")
    return a
