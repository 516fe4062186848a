# alternative: Python loops fill the image; the directional kernel as an einsum over two differences
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
