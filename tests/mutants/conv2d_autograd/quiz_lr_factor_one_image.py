# mistake: the lr factor counted over one output image, forgetting the batch
# caught-by: test_quiz_answer
# message: q6_lr_factor: not right for your variant
# rule: answers.own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "q6_lr_factor"))
    keys["q6_lr_factor"] = (q["height"] - q["kh"] + 1) * (q["width"] - q["kw"] + 1)
    return keys
