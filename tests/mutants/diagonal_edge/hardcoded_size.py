# mistake: ignores n and always builds the 6 x 6 image of the textbook
# caught-by: test_image_values
# message: size n is ignored
# rule: diagonal_edge_image.shape
def diagonal_edge_image(n=6):
    return torch.tril(torch.ones(6, 6))
