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
# are an int or an `(h, w)` pair. There is no padding (7.5 shows how the library
# pads). **`stride` defaults to `kernel_size`** (non-overlapping windows, as in
# `nn.MaxPool2d(2)`): not to 1, which is the default of a convolution. Window $(i, j)$ covers rows
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
# Results keep the input's dtype and device. `x` must not be modified, and neither
# may `dout`. The helper `_pair` below turns an int into an `(h, w)` pair. Check your
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
# ## 7.5 Padding, max or average, and a sanity check
#
# **Pooling with padding.** `nn.MaxPool2d` and `nn.AvgPool2d` (and `F.max_pool2d`,
# `F.avg_pool2d`) take `padding=p` like a convolution: $p$ extra rows and columns on
# each side, so along each dimension there are $\lfloor (n + 2p - k)/s \rfloor + 1$
# windows. What the padded cells hold depends on the pooling:
#
# - Max pooling pads with $-\infty$, so a padded cell never wins. With
#   `x = [[1, 2], [3, 4]]`, a 2x2 window, stride 2 and padding 1, every window holds
#   one real cell and three padded ones, and `F.max_pool2d(-x, 2, 2, padding=1)` gives
#   `[[-1, -2], [-3, -4]]`; padding with zeros would have given four zeros.
# - Average pooling pads with zeros, and `count_include_pad` decides whether they
#   count in the divisor. With the default, `count_include_pad=True`, they do: the
#   same `x` gives `[[0.25, 0.5], [0.75, 1]]`, each value divided by 4. With
#   `count_include_pad=False` only the real cells count, and the output is `x`
#   itself, `[[1, 2], [3, 4]]`.
# - The padding may be at most half the window, $p \le \lfloor k/2 \rfloor$:
#   `F.max_pool2d(x, 2, padding=2)` raises an error. More padding would make windows
#   that hold no real cell at all.
#
# Your functions take no padding; pad the input yourself to get the library's results:
# `max_pool2d_forward(F.pad(x, (p, p, p, p), value=float("-inf")), k, s)` is
# `F.max_pool2d(x, k, s, padding=p)`, and `avg_pool2d_forward(F.pad(x, (p, p, p, p)),
# k, s)` is `F.avg_pool2d(x, k, s, padding=p)` (count_include_pad=True).
#
# **Max or average?** Max pooling keeps the strongest response of each window: it
# reports *whether* a feature is present, not exactly where, so a feature that moves a
# little, within its window, leaves the output unchanged (approximate shift
# invariance). One response of 8 among three zeros pools to 8 with max pooling and to 2
# with average pooling, which dilutes it. Max pooling is the usual choice between
# convolution stages; its gradient reaches only the winner of each window. Average
# pooling is a smooth summary (linear: a convolution, question 1 below) and every input
# gets a share of the gradient. It is the usual choice at a network's end: **global
# average pooling**, one window the size of the whole feature map
# (`F.adaptive_avg_pool2d(x, 1)`), turns each channel into one number whatever the
# input's size, with no weights, where a fully connected layer would need many.
#
# **A sanity check for your backward.** Without padding, pooling passes on exactly the
# gradient it receives. Average pooling splits each `dout[n, c, i, j]` into $k_h k_w$
# shares of `dout[n, c, i, j] / (kh * kw)`, all on real inputs, and they add back up to
# `dout[n, c, i, j]`; max pooling sends each one whole to one cell. So the entries of
# `dx` add up to those of `dout`, per sample and channel, for any kernel and stride:
# overlapping windows, gaps (stride larger than the window), uncovered edge rows.
# Comparing `dx.sum(dim=(2, 3))` with `dout.sum(dim=(2, 3))` is a cheap test of a
# hand-written backward: a window that overwrites (`=`) instead of adding, or a tie mask
# that gives every tied maximum the full gradient, changes the sum. (A gradient put in
# the wrong cell keeps it, so the check is necessary, not sufficient.) With padding the
# property can fail: with `count_include_pad=True` the shares that fall on padded cells
# are lost, and a 3x3 window, stride 1 and padding 1 on a 5x5 input with `dout` all
# ones give a `dx` summing to $169/9 \approx 18.78$, not 25.


# %% [markdown]
# ## 7.6 Quiz
#
# Answer on paper first, then check with your functions or PyTorch. Some questions take
# their numbers from your student id, so your neighbour's answers are not yours: in
# JupyterHub your login is used; elsewhere set it first (`export
# AUTOGRADER_STUDENT=your_login`, or `os.environ["AUTOGRADER_STUDENT"] = "your_login"`
# in the first cell). Run the next cells to see your variant, then fill in `answers()`:
# a dict from question id to answer (an int, a tuple of ints, one letter for a single
# choice, a tuple of the letters of every true statement for a multiple choice; each
# statement is graded on its own).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"
# One window each, its minimum held at least twice (row-major order decides).
TIED_WINDOWS = (
    ((3, 1), (1, 2)),
    ((2, 5), (0, 0)),
    ((4, 0, 3), (0, 2, 5)),
    ((6, 2, 2), (3, 7, 4)),
    ((5, 3, 4), (1, 6, 1)),
    ((5, 2), (7, 2), (2, 6)),
    ((3, 4, 1), (2, 1, 5), (1, 6, 7)),
    ((8, 6, 7), (5, 9, 2), (2, 4, 3)),
    ((2, 3, 4), (5, 6, 7), (8, 9, 2)),
    ((9, 4, 6), (4, 8, 5), (7, 4, 9)),
)

QUESTIONS = [
    Question(
        "q1_avg_as_conv", "shape", 1,
        "For a one-channel input x of shape (N, 1, H, W), F.avg_pool2d(x, ({kh}, {kw})), "
        "with no stride given, equals F.conv2d(x, torch.ones(1, 1, {kh}, {kw}) / m, "
        "stride=(sh, sw)) for one divisor m and one stride. Give (m, sh, sw) as a tuple "
        "of three ints.",
        {"kh": (2, 3, 4, 5), "kw": (2, 3, 4, 5, 6)},
        ndim=3,
        hint="the mean of a window is the sum of its values divided by how many values it "
        "holds; without a stride argument pooling moves by kernel_size, a convolution by 1",
    ),
    Question(
        "q2_avg_channels", "single", 1,
        "With C > 1 channels, x of shape (N, C, H, W), and k x k windows, "
        "F.avg_pool2d(x, k) equals:",
        options={
            "a": "F.conv2d(x, torch.ones(C, C, k, k) / k**2, stride=k)",
            "b": "F.conv2d(x, torch.ones(C, 1, k, k) / k**2, stride=k, groups=C)",
            "c": "F.conv2d(x, torch.ones(1, C, k, k) / (C * k**2), stride=k)",
            "d": "F.conv2d(x, torch.eye(C).reshape(C, C, 1, 1) / k**2, stride=k)",
        },
        hint="pooling never mixes channels: each channel needs its own kernel that sees "
        "only that channel (a depthwise, grouped convolution)",
    ),
    Question(
        "q3_max_not_conv", "multiple", 2,
        "Why is max pooling not a convolution? Which statements are true?",
        options={
            "a": "a convolution is linear in its input and max pooling is not: for one "
            "window of two values, x = [1, 0] and y = [0, 1] give maxpool(x + y) = 1 but "
            "maxpool(x) + maxpool(y) = 2",
            "b": "max pooling cannot be a convolution because it has no learnable weights",
            "c": "max pooling commutes with multiplication by a positive number but not "
            "with -1: maxpool(-x) = -minpool(x), which differs from -maxpool(x) in general",
            "d": "with stride 1, max pooling is not translation-equivariant, which is why "
            "it is not a convolution",
        },
        hint="a convolution is linear; average pooling has no learnable weights either and "
        "is a convolution; a max over sliding windows shifts with its input",
    ),
    Question(
        "q4_max_identity", "multiple", 2,
        "Which expressions equal max(a, b) for all real a and b?",
        options={
            "a": "b + relu(a - b)",
            "b": "(a + b + |a - b|) / 2",
            "c": "relu(a) + relu(b)",
            "d": "relu(a - b) + relu(b - a)",
        },
        hint="try a = b = 1, and a = 2, b = -1",
    ),
    Question(
        "q5_relu_stages", "integer", 1,
        "With max(a, b) = b + relu(a - b), the maximum of a window can be built from "
        "convolutions (which form the sums and differences) and ReLUs, taking maxima of "
        "pairs in a balanced tree. How many ReLU stages (levels of the tree) does a "
        "{kh} x {kw} window need, at least?",
        {"kh": (2, 3, 4, 5, 7), "kw": (2, 3, 5, 7)},
        hint="each stage halves the number of candidates, rounding up",
    ),
    Question(
        "q6_min_pool", "single", 1,
        "Min pooling (the smallest value of each window) equals, for every real input x:",
        options={
            "a": "-maxpool(-x)",
            "b": "maxpool(-x)",
            "c": "-maxpool(x)",
            "d": "1 / maxpool(1 / x)",
        },
        hint="negating turns the smallest value into the largest; 1/x breaks on zero and "
        "negative values",
    ),
    Question(
        "q7_min_pool_grad", "shape", 1,
        "Min pooling is written as -F.max_pool2d(-x, kernel_size). Take the single "
        "window X = torch.tensor({x}), so x = X[None, None].float() and kernel_size = "
        "X.shape (one output), and back-propagate a gradient of 1 through that output. "
        "At which (row, column) of X is the gradient 1?",
        {"x": TIED_WINDOWS},
        ndim=2,
        hint="the maximum of -x is the minimum of x, and with ties the first one in "
        "row-major order gets the gradient",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id: e.g. {"q1_avg_as_conv": (1, 2, 3), "q2_avg_channels":
    "a", "q3_max_not_conv": ("a", "d"), "q5_relu_stages": 7, "q7_min_pool_grad": (1, 0),
    ...}."""
    ### BEGIN SOLUTION
    import itertools

    import torch.nn.functional as F

    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    f64 = torch.float64

    # q1: the divisor from the pooled value of a one-hot window, the stride by trying
    # every candidate against the library's pooling of a random input.
    kh, kw = v["q1_avg_as_conv"]["kh"], v["q1_avg_as_conv"]["kw"]
    one_hot = torch.zeros(1, 1, kh, kw, dtype=f64)
    one_hot[0, 0, 0, 0] = 1
    m = round(1 / F.avg_pool2d(one_hot, (kh, kw)).item())
    x = torch.randn(1, 1, 4 * kh + 1, 4 * kw + 1, dtype=f64)
    pooled = F.avg_pool2d(x, (kh, kw))

    def same_as_pooling(stride: tuple[int, int]) -> bool:
        conv = F.conv2d(x, torch.ones(1, 1, kh, kw, dtype=f64) / m, stride=stride)
        return conv.shape == pooled.shape and torch.allclose(conv, pooled)

    strides = itertools.product(range(1, kh + 2), range(1, kw + 2))
    sh, sw = next(stride for stride in strides if same_as_pooling(stride))

    # q5: a balanced tree of pairwise maxima halves the candidates, rounding up.
    candidates, stages = v["q5_relu_stages"]["kh"] * v["q5_relu_stages"]["kw"], 0
    while candidates > 1:
        candidates, stages = (candidates + 1) // 2, stages + 1

    # q7: the library's backward of -max_pool2d(-x) on the one window.
    window = torch.tensor(v["q7_min_pool_grad"]["x"], dtype=f64, requires_grad=True)
    (-F.max_pool2d(-window[None, None], tuple(window.shape))).sum().backward()
    row, col = (int(i) for i in window.grad.nonzero()[0])

    return {
        "q1_avg_as_conv": (m, sh, sw),
        "q2_avg_channels": "b",
        "q3_max_not_conv": ("a", "c"),
        "q4_max_identity": ("a", "b"),
        "q5_relu_stages": stages,
        "q6_min_pool": "a",
        "q7_min_pool_grad": (row, col),
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal,
# `pytest tests/public/test_pooling_backward.py`, or run the cell below in the
# notebook. Hidden checks, used for grading, try random shapes, strides, overlapping
# windows and ties.
#
# In a notebook, any cell can run `check("pooling_backward")`, or only the checks whose name contains
# a word: `check("pooling_backward", "backward")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("pooling_backward")
