# mistake: torch.triu instead of torch.tril: the ones are above the diagonal (the wrong side)
# caught-by: test_image_values
# message: wrong side
# rule: diagonal_edge_image.values
def diagonal_edge_image(n=6):
    return torch.triu(torch.ones(n, n))
