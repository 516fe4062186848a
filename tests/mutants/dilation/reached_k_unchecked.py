# mistake: reached_pixels does not check k, so k = 0 fails somewhere inside instead of raising ValueError
# rule: reached_pixels.k-below-1
# caught-by: test_reached_pixels_rules
# message: k is below 1
def reached_pixels(dilations, k=3):
    line = torch.ones(1, dtype=torch.bool)
    for d in dilations:
        if d < 1:
            raise ValueError(f"each dilation must be at least 1, got {d}")
        grown = torch.zeros(line.numel() + (k - 1) * d, dtype=torch.bool)
        for a in range(k):
            grown[a * d : a * d + line.numel()] |= line
        line = grown
    return line[:, None] & line[None, :]
