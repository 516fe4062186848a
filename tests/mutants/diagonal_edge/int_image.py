# mistake: builds the image from an integer comparison, so it is int64, not float
# caught-by: test_image_dtype_is_float
# message: must be float
# rule: diagonal_edge_image.dtype
def diagonal_edge_image(n=6):
    rows = torch.arange(n)[:, None]
    cols = torch.arange(n)[None, :]
    return (cols <= rows).long()
