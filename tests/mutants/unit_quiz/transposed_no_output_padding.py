# rule: handout.unit-quiz-transposed-sizes
# mistake: transposed-convolution size without output_padding
# caught-by: test_quiz_answer
# message: transposed_size
_reference_answers = answers


def answers():
    a = _reference_answers()
    from autograder.quiz import student_id, variant
    s = variant(COURSE, student_id(), QUESTIONS[8])
    a["transposed_size"] = (s["n"] - 1) * s["s"] - 2 * s["p"] + s["k"]
    return a
