# mistake: reached_pixels refuses an empty list of layers instead of returning the input itself, [[True]]
# rule: reached_pixels.empty
# caught-by: test_reached_pixels_rules
# message: empty list is the input itself
def reached_pixels(dilations, k=3):
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if not dilations:
        raise ValueError("need at least one layer")
    line = torch.ones(1, dtype=torch.bool)
    for d in dilations:
        if d < 1:
            raise ValueError(f"each dilation must be at least 1, got {d}")
        grown = torch.zeros(line.numel() + (k - 1) * d, dtype=torch.bool)
        for a in range(k):
            grown[a * d : a * d + line.numel()] |= line
        line = grown
    return line[:, None] & line[None, :]
