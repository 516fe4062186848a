# mistake: reached_pixels clamps a dilation below 1 up to 1 instead of raising ValueError
# rule: reached_pixels.dilation-below-1
# caught-by: test_reached_pixels_rules
# message: a dilation is below 1
def reached_pixels(dilations, k=3):
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    line = torch.ones(1, dtype=torch.bool)
    for d in dilations:
        d = max(d, 1)
        grown = torch.zeros(line.numel() + (k - 1) * d, dtype=torch.bool)
        for a in range(k):
            grown[a * d : a * d + line.numel()] |= line
        line = grown
    return line[:, None] & line[None, :]
