# alternative: everything in float64; the image as ones minus the strict upper triangle
def diagonal_edge_image(n=6):
    ones = torch.ones(n, n, dtype=torch.float64)
    return ones - torch.triu(ones, diagonal=1)


def edge_kernel():
    return torch.tensor([[1.0, -1.0]], dtype=torch.float64)


def directional_edge_kernel(v1, v2):
    K = torch.zeros(2, 2, dtype=torch.float64)
    K[0, 0] = -(v1 + v2)
    K[0, 1] = v1
    K[1, 0] = v2
    return K
