# rule: handout.unit-quiz-parameter-counts
# mistake: conv parameter count without the bias
# caught-by: test_quiz_answer
# message: conv_params
_reference_answers = answers


def answers():
    from autograder.quiz import student_id, variant

    a = _reference_answers()
    a["conv_params"] -= variant(COURSE, student_id(), QUESTIONS[2])["cout"]
    return a
