# rule: handout.unit-quiz-dilation
# mistake: effective size of a dilated kernel taken as k * d
# caught-by: test_quiz_answer
# message: dilated_size
_reference_answers = answers


def answers():
    a = _reference_answers()
    from autograder.quiz import student_id, variant
    s = variant(COURSE, student_id(), QUESTIONS[5])
    a["dilated_size"] = s["k"] * s["d"]
    return a
