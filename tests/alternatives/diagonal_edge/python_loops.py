# alternative: Python loops fill the image; the directional kernel as an einsum over two differences; quiz answers from formulas, as lists
def diagonal_edge_image(n=6):
    X = torch.zeros(n, n)
    for i in range(n):
        for j in range(i + 1):
            X[i, j] = 1.0
    return X


def edge_kernel():
    return torch.tensor([[1, -1]]).float()


def directional_edge_kernel(v1, v2):
    basis = torch.stack([torch.tensor([[-1.0, 1.0], [0.0, 0.0]]),
                         torch.tensor([[-1.0, 0.0], [1.0, 0.0]])])
    return torch.einsum("k,kij->ij", torch.tensor([float(v1), float(v2)]), basis)


def answers():
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    n = v["edge_response_shape"]["n"]
    return {
        "edge_response_nonzeros": v["edge_response_nonzeros"]["n"] - 1,
        "edge_response_shape": [n, n - 1],
        "edge_response_diagonal": "a",
        "directional_zero_on_diagonal": "c",
        "directional_all_zero": "d",
        "zero_response_kernels": ["c"],
    }
