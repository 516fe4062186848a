# mistake: reached_pixels marks the whole receptive field as reached, ignoring the holes a dilated stack leaves (gridding)
# rule: reached_pixels.gaps
# caught-by: test_reached_pixels_matches_gradient
# message: gridding
def reached_pixels(dilations, k=3):
    if k < 1 or any(d < 1 for d in dilations):
        raise ValueError(f"need k and every dilation at least 1, got {k}, {dilations}")
    r = 1 + (k - 1) * sum(dilations)
    return torch.ones(r, r, dtype=torch.bool)
