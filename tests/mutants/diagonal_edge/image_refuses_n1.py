# mistake: refuses n = 1 ("a 1 x 1 image has no edge") though any n of at least 1 is allowed
# caught-by: test_image_values
# message: at least 1
# rule: diagonal_edge_image.range
def diagonal_edge_image(n=6):
    if n < 2:
        raise ValueError("an image with an edge needs n >= 2")
    return torch.tril(torch.ones(n, n))
