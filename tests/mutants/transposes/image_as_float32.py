# mistake: converts the image with X.float() "to be safe": every result is float32, whatever X is
# caught-by: test_dtype_kept
# message: dtype torch.float32, expected torch.float64
# rule: edge_responses.dtype
_reference_edge_responses = edge_responses  # noqa: F821 (the reference's, defined above)


def edge_responses(X, K):
    return _reference_edge_responses(X.float(), K)
