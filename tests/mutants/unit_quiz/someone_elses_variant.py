# rule: handout.unit-quiz-own-numbers
# mistake: answers computed for another student's variant
# caught-by: test_quiz_answer
# message: not right for your variant
_reference_answers = answers


def answers():
    a = _reference_answers()
    import os
    saved = os.environ.get("AUTOGRADER_STUDENT")
    os.environ["AUTOGRADER_STUDENT"] = "someone-else"
    try:
        a = _reference_answers()
    finally:
        if saved is None:
            os.environ.pop("AUTOGRADER_STUDENT", None)
        else:
            os.environ["AUTOGRADER_STUDENT"] = saved
    return a
