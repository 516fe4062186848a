# mistake: reached_pixels refuses dilation 1 (d <= 1 raises), though 1 is the ordinary convolution
# rule: reached_pixels.at-least-1
# caught-by: test_reached_pixels_rules
# message: dilation 1 is valid
def reached_pixels(dilations, k=3):
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if any(d <= 1 for d in dilations):
        raise ValueError(f"each dilation must be above 1, got {dilations}")
    line = torch.ones(1, dtype=torch.bool)
    for d in dilations:
        if d < 1:
            raise ValueError(f"each dilation must be at least 1, got {d}")
        grown = torch.zeros(line.numel() + (k - 1) * d, dtype=torch.bool)
        for a in range(k):
            grown[a * d : a * d + line.numel()] |= line
        line = grown
    return line[:, None] & line[None, :]
