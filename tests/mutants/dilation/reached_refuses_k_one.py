# mistake: reached_pixels refuses k = 1 (k <= 1 raises), though a 1 x 1 layer is valid
# rule: reached_pixels.k-at-least-1
# caught-by: test_reached_pixels_rules
# message: a 1 x 1 layer is valid
def reached_pixels(dilations, k=3):
    if k <= 1:
        raise ValueError(f"k must be above 1, got {k}")
    line = torch.ones(1, dtype=torch.bool)
    for d in dilations:
        if d < 1:
            raise ValueError(f"each dilation must be at least 1, got {d}")
        grown = torch.zeros(line.numel() + (k - 1) * d, dtype=torch.bool)
        for a in range(k):
            grown[a * d : a * d + line.numel()] |= line
        line = grown
    return line[:, None] & line[None, :]
