# mistake: reached_pixels returns the reached offsets along one dimension only, shape (r,), not the 2-D mask (r, r)
# rule: reached_pixels.shape
# caught-by: test_reached_pixels_matches_gradient
# message: (r, r)
def reached_pixels(dilations, k=3):
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    line = torch.ones(1, dtype=torch.bool)
    for d in dilations:
        if d < 1:
            raise ValueError(f"each dilation must be at least 1, got {d}")
        grown = torch.zeros(line.numel() + (k - 1) * d, dtype=torch.bool)
        for a in range(k):
            grown[a * d : a * d + line.numel()] |= line
        line = grown
    return line
