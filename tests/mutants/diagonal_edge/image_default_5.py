# mistake: the default size is 5, not the 6 the docstring states
# caught-by: test_image_dtype_is_float
# message: the default size is n=6
# rule: diagonal_edge_image.default
def diagonal_edge_image(n=5):
    return torch.tril(torch.ones(n, n))
