# mistake: reached_pixels returns a float mask of 0s and 1s (an outer product of floats), not a bool tensor
# rule: reached_pixels.bool
# caught-by: test_reached_pixels_matches_gradient
# message: bool
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
    return line.double()[:, None] * line.double()[None, :]
