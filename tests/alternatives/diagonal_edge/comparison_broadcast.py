# alternative: the image from a broadcast comparison cast to float; kernels written entry by entry
def diagonal_edge_image(n=6):
    rows = torch.arange(n).unsqueeze(1)
    cols = torch.arange(n).unsqueeze(0)
    return (cols <= rows).to(torch.get_default_dtype())


def edge_kernel():
    return torch.tensor([1.0, -1.0]).reshape(1, 2)


def directional_edge_kernel(v1, v2):
    return torch.tensor([[-v1 - v2, v1], [v2, 0.0]])
