# mistake: tril(..., diagonal=-1) keeps only the strict lower triangle: the diagonal is 0
# caught-by: test_image_values
# message: diagonal itself is missing
# rule: diagonal_edge_image.values
def diagonal_edge_image(n=6):
    return torch.tril(torch.ones(n, n), diagonal=-1)
