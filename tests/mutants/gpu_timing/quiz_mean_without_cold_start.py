# rule: handout.gpu-timing-cold-mean
# mistake: takes the mean of timed calls without warm-up to be the kernel time (the slow first call forgotten)
# caught-by: test_quiz_answer
# message: mean_cold_start: not right for your variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = variant(COURSE, student_id(), next(q for q in QUESTIONS if q.id == "mean_cold_start"))
    keys["mean_cold_start"] = float(q["kernel_ms"])
    return keys
