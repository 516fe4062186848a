# rule: handout.gpu-timing-events-milliseconds
# mistake: quiz q3 forgets that elapsed_time is in milliseconds (answers a and d only)
# caught-by: test_quiz_statement
# message: q3_cuda_events: statement (c) was not decided right
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    keys = dict(_reference_answers())
    keys["q3_cuda_events"] = ("a", "d")
    return keys
