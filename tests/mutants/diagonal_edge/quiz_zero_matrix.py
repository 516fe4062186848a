# mistake: the popular forum answer: "[[1, -1]] on a diagonal edge gives a zero matrix"
# caught-by: test_quiz_answer
# message: edge_response_diagonal: not right
# rule: answers.diagonal-edge-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    keys = dict(_reference_answers())
    keys.update(
        edge_response_nonzeros=0,
        edge_response_diagonal="c",
        directional_all_zero="a",
        zero_response_kernels=("a", "c"),
    )
    return keys
