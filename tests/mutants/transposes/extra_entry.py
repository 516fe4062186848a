# mistake: returns a fifth entry (the image itself, "X", for plotting) besides the four results
# caught-by: test_matches_conv2d
# message: exactly four entries
# rule: edge_responses.exactly-four
_reference_edge_responses = edge_responses  # noqa: F821 (the reference's, defined above)


def edge_responses(X, K):
    return {**_reference_edge_responses(X, K), "X": X}
