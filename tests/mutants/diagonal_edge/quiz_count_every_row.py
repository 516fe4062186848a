# mistake: counts one step per row, n of them, forgetting that the last row is all ones
# caught-by: test_quiz_answer
# message: edge_response_nonzeros: not right for your variant
# rule: answers.diagonal-edge-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    from autograder.quiz import variant

    keys = dict(_reference_answers())
    q = next(q for q in QUESTIONS if q.id == "edge_response_nonzeros")
    keys["edge_response_nonzeros"] = variant(COURSE, student_id(), q)["n"]
    return keys
