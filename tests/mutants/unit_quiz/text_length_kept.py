# rule: handout.unit-quiz-text
# mistake: the output of an unpadded Conv1d taken as long as the sentence
# caught-by: test_quiz_answer
# message: text_conv_shape
_reference_answers = answers


def answers():
    from autograder.quiz import student_id, variant

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "text_conv_shape"]
    s = variant(COURSE, student_id(), q)
    a["text_conv_shape"] = (1, s["c"], s["n"])
    return a
