# rule: handout.unit-quiz-text
# mistake: a text filter taken as w weights, not w times the embedding size
# caught-by: test_quiz_answer
# message: text_conv_params
_reference_answers = answers


def answers():
    from autograder.quiz import student_id, variant

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "text_conv_params"]
    s = variant(COURSE, student_id(), q)
    a["text_conv_params"] = s["c"] * s["w"] + s["c"]
    return a
