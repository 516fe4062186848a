# alternative: reached_pixels with a Python set of reached offsets along one dimension, grown
# layer by layer, and the mask filled by indexing a 2-D zeros tensor
def reached_pixels(dilations, k=3):
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if any(d < 1 for d in dilations):
        raise ValueError(f"every dilation must be at least 1, got {dilations}")
    offsets = {0}
    for d in dilations:
        offsets = {o + a * d for o in offsets for a in range(k)}
    r = max(offsets) + 1
    mask = torch.zeros(r, r, dtype=torch.bool)
    index = torch.tensor(sorted(offsets))
    mask[index[:, None], index[None, :]] = True
    return mask
