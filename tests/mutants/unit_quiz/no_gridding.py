# rule: handout.unit-quiz-dilated-stacks
# mistake: a stack of dilation-2 layers taken to see every pixel of its field (no gridding)
# caught-by: test_quiz_answer
# message: gridding
_reference_answers = answers


def answers():
    from autograder.quiz import shown_letter, student_id

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "gridding"]
    a["gridding"] = shown_letter(COURSE, student_id(), q, "b")
    return a
