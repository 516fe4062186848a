# alternative: reached_pixels by spreading a single 1 through the stack with transposed
# convolutions of all-ones kernels (each counts the paths to a pixel), then "> 0"
def reached_pixels(dilations, k=3):
    import torch.nn.functional as F

    if k < 1 or any(d < 1 for d in dilations):
        raise ValueError(f"need k >= 1 and every dilation >= 1, got k={k}, {dilations}")
    paths = torch.ones(1, 1, 1, 1, dtype=torch.float64)
    for d in dilations:
        paths = F.conv_transpose2d(paths, torch.ones(1, 1, k, k, dtype=torch.float64), dilation=d)
    return paths[0, 0] > 0
