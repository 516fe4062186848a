# rule: handout.unit-quiz-multiply-adds
# mistake: multiply-adds counted with k instead of k squared
# caught-by: test_quiz_answer
# message: mult_adds
_reference_answers = answers


def answers():
    a = _reference_answers()
    from autograder.quiz import student_id, variant
    s = variant(COURSE, student_id(), QUESTIONS[9])
    a["mult_adds"] = s["h"] * s["h"] * s["c"] * s["c"] * s["k"]
    return a
