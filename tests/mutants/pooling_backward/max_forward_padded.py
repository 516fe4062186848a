# mistake: max_pool2d_forward pads x with -inf at the bottom and right so that the last, partial
# window fits (ceil mode); the exercise has no padding
# caught-by: test_forward_matches_library
# message: there is no padding
# rule: max_pool2d_forward.no-padding
_reference_max_forward = max_pool2d_forward


def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    extra_h, extra_w = (-(H - kh)) % sh, (-(W - kw)) % sw
    x = torch.cat([x, x.new_full((N, C, extra_h, W), float("-inf"))], dim=2)
    x = torch.cat([x, x.new_full((N, C, H + extra_h, extra_w), float("-inf"))], dim=3)
    return _reference_max_forward(x, (kh, kw), (sh, sw))
