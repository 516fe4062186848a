# mistake: the popular forum answer: "[[1, -1]] on a diagonal edge gives a zero matrix"
# caught-by: test_quiz_edge_response_diagonal
# message: zero matrix
def quiz():
    return {
        "edge_response_nonzeros": 0,
        "edge_response_shape": (6, 5),
        "edge_response_diagonal": "c",
        "directional_zero_on_diagonal": "c",
        "directional_all_zero": "a",
        "zero_response_kernels": ("a", "c", "e"),
    }
