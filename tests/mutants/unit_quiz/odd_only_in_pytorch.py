# rule: handout.unit-quiz-odd-kernels
# mistake: kernels are odd because PyTorch accepts no other size
# caught-by: test_quiz_answer
# message: odd_kernels
_reference_answers = answers


def answers():
    from autograder.quiz import shown_letter, student_id

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "odd_kernels"]
    a["odd_kernels"] = shown_letter(COURSE, student_id(), q, "d")
    return a
