# %% [markdown]
# # Exercise 7: max and average pooling, forward and backward by hand
#
# A **pooling** layer slides a window over each channel, like a convolution, but it
# has no weights: it replaces each window by one number, its **maximum** (max
# pooling) or its **mean** (average pooling). Channels are pooled separately, so a
# pooling layer keeps the number of channels.
#
# In this exercise you write both directions yourself: the forward pass, which also
# returns a `cache` of whatever the backward pass will need, and the backward pass,
# which turns the gradient of the loss with respect to the output, `dout`, into the
# gradient with respect to the input, `dx`. This is how a framework implements a
# layer; you may use neither autograd nor the library's pooling
# (`F.max_pool2d`, `F.avg_pool2d`, `nn.MaxPool2d`, ...).
#
# **Conventions.** Inputs are NCHW, shape $(N, C, H, W)$. `kernel_size` and `stride`
# are an int or an `(h, w)` pair. There is no padding. **`stride` defaults to
# `kernel_size`** (non-overlapping windows, as in `nn.MaxPool2d(2)`): not to 1,
# which is the default of a convolution. Window $(i, j)$ covers rows
# $i s_h, \dots, i s_h + k_h - 1$ and columns $j s_w, \dots, j s_w + k_w - 1$, and
# along each dimension there are
#
# $$\left\lfloor \frac{n - k}{s} \right\rfloor + 1$$
#
# windows. A window that would stick out past the edge is dropped (PyTorch's default,
# `ceil_mode=False`): rows and columns that no window covers get a zero gradient.
#
# Worked example (the textbook's): with `X = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]`, a
# 2x2 window and stride 1, max pooling gives `[[4, 5], [7, 8]]` and average pooling
# `[[2, 3], [5, 6]]`. With the default stride (2) the same input gives one window
# only: `[[4]]` and `[[2]]`; the last row and column are not covered.
#
# Results keep the input's dtype and device, and neither `x` nor `dout` may be
# modified. The helper `_pair` below turns an int into an `(h, w)` pair. Check your
# work with `pytest tests/public/test_pooling_backward.py`.

# %%
import torch
from torch import Tensor


def _pair(value: int | tuple[int, int]) -> tuple[int, int]:
    """`3` -> `(3, 3)`; `(2, 3)` -> `(2, 3)`."""
    if isinstance(value, int):
        return value, value
    first, second = value
    return int(first), int(second)


# %% [markdown]
# ## 7.1 Max pooling, forward
#
# Loop over the output positions $(i, j)$; for each, take the window
# `x[:, :, i*sh : i*sh + kh, j*sw : j*sw + kw]` of every sample and channel at once
# and reduce it with `amax(dim=(2, 3))`. Return the output and a `cache`: anything
# the backward pass needs (the input, the kernel size and the stride are enough).
# The cache is yours; the grader never looks inside it, it only hands it back to
# your `max_pool2d_backward`.


# %%
def max_pool2d_forward(
    x: Tensor,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
) -> tuple[Tensor, object]:
    """Max pooling without padding.

    Args:
        x: input, shape (N, C, H, W).
        kernel_size: window size, int or (kh, kw), at most (H, W).
        stride: step between windows, int or (sh, sw); None means kernel_size.

    Returns:
        (out, cache): out of shape (N, C, floor((H - kh) / sh) + 1,
        floor((W - kw) / sw) + 1), same dtype and device as x, where out[n, c, i, j]
        is the largest value of window (i, j) of x[n, c]; cache is whatever
        max_pool2d_backward needs.
    """
    ### BEGIN SOLUTION
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    if kh > H or kw > W:
        raise ValueError(f"window ({kh}, {kw}) is larger than the input ({H}, {W})")
    out = x.new_empty((N, C, (H - kh) // sh + 1, (W - kw) // sw + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            window = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[:, :, i, j] = window.amax(dim=(2, 3))
    return out, (x, (kh, kw), (sh, sw))
    ### END SOLUTION


# %% [markdown]
# ## 7.2 Max pooling, backward
#
# Inside one window the output is the largest input, so a small change of that
# input changes the output by the same amount, and a small change of any other input
# changes nothing. The gradient of window $(i, j)$, `dout[n, c, i, j]`, therefore goes
# **entirely to the position of the maximum**, and the rest of the window gets 0.
#
# Two things make this harder than it looks.
#
# **Overlapping windows accumulate.** With `kernel_size=3, stride=2` neighbouring
# windows share a row or a column, and one input can be the maximum of several
# windows: its gradient is the **sum** of theirs (the multivariable chain rule). Add
# into `dx` with `+=`; writing a window with `=` throws away what earlier windows put
# there.
#
# **Ties.** When a window holds its maximum twice, the maximum is not differentiable
# and any split of the gradient among the tied positions is a valid subgradient. We
# follow PyTorch (on CPU): the whole gradient goes to the **first** maximum in
# row-major order (top row first, left to right), which is what
# `torch.argmax` returns for a flattened window. Two popular answers are wrong here:
# the mask `window == window.max()` gives the *full* gradient to *every* tied
# position (the window then passes on more gradient than it received), and splitting
# it evenly is a valid subgradient but not PyTorch's rule.
#
# Worked example: `x = [[1, 3], [3, 2]]` (one 2x2 window) and `dout = [[1]]` give
# `dx = [[0, 1], [0, 0]]`: the 3 at row 0, column 1 comes first.


# %%
def max_pool2d_backward(dout: Tensor, cache: object) -> Tensor:
    """Gradient of max pooling with respect to its input, without autograd.

    Args:
        dout: gradient w.r.t. the output, shape (N, C, OH, OW) of max_pool2d_forward.
        cache: the cache max_pool2d_forward returned.

    Returns:
        dx, shape (N, C, H, W) of x, same dtype and device as dout: each window's
        dout[n, c, i, j] added at the position of the window's first maximum
        (row-major order); where windows overlap the contributions add up.
    """
    ### BEGIN SOLUTION
    x, (kh, kw), (sh, sw) = cache
    N, C = x.shape[:2]
    dx = torch.zeros(x.shape, dtype=dout.dtype, device=dout.device)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = x[:, :, rows, cols].reshape(N, C, kh * kw)
            # argmax of the flattened window: the FIRST maximum in row-major order.
            first = window.argmax(dim=2, keepdim=True)
            mask = dout.new_zeros((N, C, kh * kw)).scatter_(2, first, 1.0)
            routed = mask * dout[:, :, i, j, None]
            dx[:, :, rows, cols] += routed.reshape(N, C, kh, kw)  # +=: windows overlap
    return dx
    ### END SOLUTION


# %% [markdown]
# ## 7.3 Average pooling, forward
#
# The same loop as max pooling, with `mean(dim=(2, 3))`. The backward pass does not
# need the values of `x`, only its shape.


# %%
def avg_pool2d_forward(
    x: Tensor,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
) -> tuple[Tensor, object]:
    """Average pooling without padding.

    Args:
        x: input, shape (N, C, H, W).
        kernel_size: window size, int or (kh, kw), at most (H, W).
        stride: step between windows, int or (sh, sw); None means kernel_size.

    Returns:
        (out, cache): out of shape (N, C, floor((H - kh) / sh) + 1,
        floor((W - kw) / sw) + 1), same dtype and device as x, where out[n, c, i, j]
        is the mean of window (i, j) of x[n, c]; cache is whatever
        avg_pool2d_backward needs.
    """
    ### BEGIN SOLUTION
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    if kh > H or kw > W:
        raise ValueError(f"window ({kh}, {kw}) is larger than the input ({H}, {W})")
    out = x.new_empty((N, C, (H - kh) // sh + 1, (W - kw) // sw + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            window = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[:, :, i, j] = window.mean(dim=(2, 3))
    return out, (x.shape, (kh, kw), (sh, sw))
    ### END SOLUTION


# %% [markdown]
# ## 7.4 Average pooling, backward
#
# Each output is $\frac{1}{k_h k_w}$ times the sum of its window, so each of the
# $k_h k_w$ inputs of window $(i, j)$ receives `dout[n, c, i, j] / (kh * kw)`. As for
# max pooling, overlapping windows add up (`+=`). Do not divide `dout` in place
# (`dout /= ...`): it belongs to the caller.
#
# Worked example: a 4x4 input, 2x2 windows and `dout = [[4, 8], [12, 16]]` give a
# `dx` made of four 2x2 blocks filled with 1, 2, 3 and 4. With `kernel_size=3,
# stride=2` on a 5x5 input and `dout` all ones, the middle row and column belong to
# two windows (`2/9`) and the centre to four (`4/9`).


# %%
def avg_pool2d_backward(dout: Tensor, cache: object) -> Tensor:
    """Gradient of average pooling with respect to its input, without autograd.

    Args:
        dout: gradient w.r.t. the output, shape (N, C, OH, OW) of avg_pool2d_forward.
        cache: the cache avg_pool2d_forward returned.

    Returns:
        dx, shape (N, C, H, W) of x, same dtype and device as dout: every position
        of window (i, j) receives dout[n, c, i, j] / (kh * kw), summed over the
        windows that contain it.
    """
    ### BEGIN SOLUTION
    shape, (kh, kw), (sh, sw) = cache
    dx = torch.zeros(shape, dtype=dout.dtype, device=dout.device)
    share = dout / (kh * kw)  # a new tensor: dout itself is left alone
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            dx[:, :, rows, cols] += share[:, :, i, j, None, None]
    return dx
    ### END SOLUTION


# %% [markdown]
# ## 7.5 Quiz
#
# Answer in `quiz()` below: a dict from question id to answer (a letter as a string
# for a single choice, a sorted tuple of letters for a multiple choice, a Python
# `int`, or a tuple of ints).
#
# - `q1_avg_as_conv`: for a one-channel input `x` of shape (N, 1, H, W),
#   `F.avg_pool2d(x, 3, stride=2)` equals (a) `F.conv2d(x, torch.ones(1, 1, 3, 3) / 9,
#   stride=2)`, (b) `F.conv2d(x, torch.ones(1, 1, 3, 3) / 3, stride=2)`,
#   (c) `F.conv2d(x, torch.ones(1, 1, 3, 3) / 9)`, (d) no convolution at all.
# - `q2_avg_channels`: with C > 1 channels, `x` of shape (N, C, H, W),
#   `F.avg_pool2d(x, 2)` equals (a) `F.conv2d(x, torch.ones(C, C, 2, 2) / 4,
#   stride=2)`, (b) `F.conv2d(x, torch.ones(C, 1, 2, 2) / 4, stride=2, groups=C)`,
#   (c) `F.conv2d(x, torch.ones(1, C, 2, 2) / (4 * C), stride=2)`,
#   (d) `F.conv2d(x, torch.eye(C).reshape(C, C, 1, 1) / 4, stride=2)`.
# - `q3_max_not_conv` (all that are true): (a) a convolution is linear in its
#   input: conv(x + y) = conv(x) + conv(y) and conv(c x) = c conv(x) for every real c;
#   (b) max pooling is not: for one window of two values, x = [1, 0] and
#   y = [0, 1] give maxpool(x + y) = 1 but maxpool(x) + maxpool(y) = 2; (c) max
#   pooling cannot be a convolution because it has no learnable weights; (d) max
#   pooling commutes with multiplication by a positive number but not with -1:
#   maxpool(-x) = -minpool(x), which differs from -maxpool(x) in general; (e) with
#   stride 1, max pooling is not translation-equivariant, which is why it is not a
#   convolution.
# - `q4_max_identity` (all that are true): which expressions equal max(a, b) for all
#   real a and b? (a) `b + relu(a - b)`, (b) `a + relu(b - a)`,
#   (c) `(a + b + |a - b|) / 2`, (d) `relu(a) + relu(b)`,
#   (e) `relu(a - b) + relu(b - a)`.
# - `q5_relu_stages`: with max(a, b) = b + relu(a - b), the maximum of a window can be
#   built from convolutions (which form the sums and differences) and ReLUs, taking
#   maxima of pairs in a balanced tree. How many ReLU stages (levels of the tree)
#   does a 3x3 window need, at least?
# - `q6_min_pool`: min pooling (the smallest value of each window), for every real
#   input, equals (a) `-maxpool(-x)`, (b) `maxpool(-x)`, (c) `-maxpool(x)`,
#   (d) `1 / maxpool(1 / x)`.
# - `q7_min_pool_grad`: min pooling written as `-F.max_pool2d(-x, 2)`, on the single
#   2x2 window `x = [[3, 1], [1, 2]]`, backward with gradient 1: at which
#   `(row, column)` of `x` is the gradient 1?


# %%
def quiz() -> dict[str, str | int | tuple[str, ...] | tuple[int, ...]]:
    """Your answers: {question_id: answer}."""
    ### BEGIN SOLUTION
    return {
        "q1_avg_as_conv": "a",
        "q2_avg_channels": "b",
        "q3_max_not_conv": ("a", "b", "d"),
        "q4_max_identity": ("a", "b", "c"),
        "q5_relu_stages": 4,
        "q6_min_pool": "a",
        "q7_min_pool_grad": (0, 1),
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal,
# `pytest tests/public/test_pooling_backward.py`, or run the cell below in the
# notebook. Hidden checks, used for grading, try random shapes, strides, overlapping
# windows and ties.

# %%
if __name__ == "__main__":
    from autograder.selfcheck import run_public_checks

    run_public_checks("pooling_backward")
