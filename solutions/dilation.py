# %% [markdown]
# # Exercise 8: dilated (atrous) convolution and receptive fields
#
# A **dilated** convolution spreads the taps of its kernel apart. With dilation $d$
# the kernel reads every $d$-th input pixel instead of neighbouring ones:
#
# $$Y[i, j] = \sum_{a=0}^{k_h-1} \sum_{b=0}^{k_w-1}
#     X[i + d\,a,\; j + d\,b]\, K[a, b].$$
#
# (Still a cross-correlation, as everywhere in this unit, and still PyTorch's
# `F.conv2d(x, w, dilation=d)`.) The kernel keeps its $k$ weights per dimension,
# but they now **span** $d(k - 1) + 1 = k + (k - 1)(d - 1)$ input pixels: this is
# the kernel's *effective size*. A $3 \times 3$ kernel with $d = 2$ reads rows
# 0, 2 and 4, so it spans 5 rows, and the output of an $H \times W$ input has
# $H - 5 + 1$ rows.
#
# **Dilation is zero insertion.** Put $d - 1$ zeros *between* neighbouring taps (and
# none after the last one) and you get an ordinary kernel of size $d(k-1)+1$ whose
# cross-correlation is the dilated one:
#
# ```
# K = [[1, 2],        dilate_kernel(K, 2) = [[1, 0, 2],
#      [3, 4]]                               [0, 0, 0],
#                                            [3, 0, 4]]
# ```
#
# so `corr2d_dilated(X, K, d) == corr2d(X, dilate_kernel(K, d))`. (Computing it this
# way multiplies by all those zeros, which is wasteful; the direct loop reads only
# the taps.)
#
# **Worked example.** `X = torch.arange(25.).reshape(5, 5)` (so `X[i, j] = 5i + j`),
# `K = [[1, 2], [3, 4]]`, $d = 2$. The effective kernel is $3 \times 3$, the output
# $3 \times 3$, and
# `Y[i, j] = X[i, j] + 2 X[i, j+2] + 3 X[i+2, j] + 4 X[i+2, j+2] = 50 i + 10 j + 82`:
# `[[82, 92, 102], [132, 142, 152], [182, 192, 202]]`.
#
# **Why dilate?** To see far with few weights. A $3 \times 3$ kernel with $d = 3$
# spans $7 \times 7$ pixels with 9 weights per channel pair, where a dense
# $7 \times 7$ kernel needs 49 (and 49 multiply-adds per output instead of 9).
# Stacking $3 \times 3$ layers with dilations 1, 2, 4, ... grows the receptive field
# exponentially with depth while the weights grow only linearly, without any
# stride, so the output keeps the input's resolution (segmentation, WaveNet).
#
# **Popular wrong answers, corrected.**
# - "The effective size is $k \cdot d$." No: there are $k - 1$ *gaps* of $d$
#   pixels, not $k$; $3 \times 3$ with $d = 2$ spans 5, not 6. Inserting zeros
#   after the last tap too would give $k d$, and a kernel with trailing zero rows
#   shifts nothing but shrinks the output.
# - "Dilation $d$ puts $d$ zeros between the taps, so dilation 1 already spreads
#   them." No: in PyTorch (and here) there are $d - 1$ zeros; **dilation 1 is the
#   ordinary convolution**, and dilation 0 means nothing (raise `ValueError`).
# - "Dilation 2 is stride 2." No: stride skips *output* positions (the output
#   shrinks about $s$-fold); dilation spreads the *kernel's* taps (every output
#   position is still computed).
# - "Dilation gives the layer more weights." No: the number of weights is
#   $C_{out} C_{in} k_h k_w$ whatever $d$ is.
#
# **Conventions.** `dilation` (or `d`) may be an int or an `(dh, dw)` pair; it must be
# at least 1. Results keep the input's dtype and device; `corr2d_dilated` stays
# differentiable and never modifies its inputs. An effective kernel larger than the
# input is an error: raise `ValueError`. `corr2d_dilated` may not call the library
# convolution (`F.conv2d` and friends); use it freely in your own experiments. Check
# your work with `pytest tests/public/test_dilation.py`.

# %%
import torch
from torch import Tensor


def _pair(value: int | tuple[int, int]) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(2, 1)`` -> ``(2, 1)``."""
    if isinstance(value, int):
        return value, value
    first, second = value
    return int(first), int(second)


# %% [markdown]
# ## 8.1 `dilate_kernel`: dilation as zero insertion
#
# Build the zero-inserted kernel: a tensor of zeros of the effective size, with the
# taps of `K` every `d` positions, starting at 0 and ending exactly at the last
# position. Only the **last two** dimensions are dilated, so a conv weight of shape
# `(O, C, kh, kw)` becomes `(O, C, (kh-1)*dh + 1, (kw-1)*dw + 1)`; allocate with
# `K`'s dtype and device. Slicing with a step, `out[..., ::dh, ::dw] = K`, does it
# in one line.


# %%
def dilate_kernel(K: Tensor, d: int | tuple[int, int]) -> Tensor:
    """Insert d - 1 zeros between neighbouring taps of a kernel (last two dims).

    Args:
        K: kernel, shape (..., kh, kw): (kh, kw) or a conv weight (O, C, kh, kw).
        d: dilation, int or (dh, dw), each at least 1.

    Returns:
        shape (..., (kh - 1) * dh + 1, (kw - 1) * dw + 1), same dtype as K, on K's
        device, with out[..., a * dh, b * dw] = K[..., a, b] and zeros everywhere
        else.

    Raises:
        ValueError: if K has fewer than two dims, or a dilation is below 1.
    """
    ### BEGIN SOLUTION
    dh, dw = _pair(d)
    if dh < 1 or dw < 1:
        raise ValueError(f"dilation must be at least 1, got {d}")
    if K.dim() < 2:
        raise ValueError(f"need a kernel with at least two dims, got {tuple(K.shape)}")
    kh, kw = K.shape[-2:]
    out = K.new_zeros((*K.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1))
    out[..., ::dh, ::dw] = K
    return out
    ### END SOLUTION


# %% [markdown]
# ## 8.2 `corr2d_dilated`
#
# Write the loops over output positions directly: the window for output `(i, j)`
# starts at `(i, j)`, spans the effective size, and takes every `d`-th row and
# column, `X[i : i + eh : dh, j : j + ew : dw]`, which has exactly the kernel's
# shape. The output has shape $(H - e_h + 1, W - e_w + 1)$ with
# $e = d(k - 1) + 1$. (Calling `corr2d(X, dilate_kernel(K, d))` is also correct, if
# you write `corr2d` here: this file stands alone.)


# %%
def corr2d_dilated(X: Tensor, K: Tensor, dilation: int | tuple[int, int]) -> Tensor:
    """Cross-correlate a 2-D input with a dilated 2-D kernel (no padding, stride 1).

    Args:
        X: input, shape (H, W).
        K: kernel, shape (kh, kw).
        dilation: int or (dh, dw), each at least 1; 1 is the ordinary convolution.

    Returns:
        Y, shape (H - eh + 1, W - ew + 1) with eh = dh * (kh - 1) + 1 and
        ew = dw * (kw - 1) + 1, same dtype and device as X, where
        Y[i, j] = sum_{a, b} X[i + dh * a, j + dw * b] * K[a, b].

    Raises:
        ValueError: if X or K is not 2-D, or a dilation is below 1, or the
            effective kernel (eh, ew) is larger than X.
    """
    ### BEGIN SOLUTION
    dh, dw = _pair(dilation)
    if dh < 1 or dw < 1:
        raise ValueError(f"dilation must be at least 1, got {dilation}")
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError(f"need 2-D X and K, got {X.dim()}-D and {K.dim()}-D")
    kh, kw = K.shape
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    H, W = X.shape
    if eh > H or ew > W:
        raise ValueError(f"effective kernel {(eh, ew)} larger than input {(H, W)}")
    # X's dtype even when K's differs: the result's dtype is X's (a promise).
    Y = torch.zeros((H - eh + 1, W - ew + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + eh : dh, j : j + ew : dw] * K).sum()
    return Y
    ### END SOLUTION


# %% [markdown]
# ## 8.3 Output size with padding, stride and dilation
#
# Along one dimension, with $p$ zeros on **each** side, stride $s$ and dilation $d$,
# the effective kernel $d(k - 1) + 1$ fits in the padded length $n + 2p$ at
#
# $$\left\lfloor \frac{n + 2p - d(k - 1) - 1}{s} \right\rfloor + 1$$
#
# positions (the formula in PyTorch's `nn.Conv2d` documentation). With $d = 1$ it is
# the familiar $\lfloor (n + 2p - k)/s \rfloor + 1$. Example: $n = 32$, $k = 3$,
# $d = 2$, $p = 2$, $s = 1$ gives 32: padding $p = d(k-1)/2$ keeps the size.
# An effective kernel longer than $n + 2p$ does not fit at all: raise `ValueError`.


# %%
def conv_output_size(
    n: int, k: int, padding: int = 0, stride: int = 1, dilation: int = 1
) -> int:
    """The output length of a convolution along one dimension.

    Args:
        n: input length, at least 1.
        k: kernel length, at least 1.
        padding: zeros on each side, at least 0.
        stride: step between windows, at least 1.
        dilation: spacing of the taps, at least 1 (1 is the ordinary convolution).

    Returns:
        floor((n + 2 * padding - dilation * (k - 1) - 1) / stride) + 1, an int.

    Raises:
        ValueError: if an argument is out of range, or the effective kernel
            dilation * (k - 1) + 1 is longer than n + 2 * padding.
    """
    ### BEGIN SOLUTION
    if n < 1 or k < 1 or padding < 0 or stride < 1 or dilation < 1:
        raise ValueError(
            f"need n, k, stride, dilation >= 1 and padding >= 0, got n={n}, k={k}, "
            f"padding={padding}, stride={stride}, dilation={dilation}"
        )
    effective = dilation * (k - 1) + 1
    if effective > n + 2 * padding:
        raise ValueError(
            f"effective kernel {effective} is longer than the padded input "
            f"{n + 2 * padding}"
        )
    return (n + 2 * padding - effective) // stride + 1
    ### END SOLUTION


# %% [markdown]
# ## 8.4 Receptive fields
#
# The **receptive field** of a unit is the span of input pixels (along one
# dimension) that can influence it. Go through the layers from the input up and
# keep two numbers: `r`, the receptive field so far (1 for the input itself), and
# `jump`, the distance in input pixels between two neighbouring units of the
# current layer (1 at the input). A layer with kernel `k`, stride `s` and dilation
# `d` reaches `(k - 1) * d` of *its input's* units further, and those are `jump`
# input pixels apart; its own units are `s` times further apart:
#
# ```
# r += (k - 1) * d * jump
# jump *= s
# ```
#
# Three stride-1 $3 \times 3$ layers see $1 + 2 + 2 + 2 = 7$ pixels; $3 \times 3$
# layers with dilations 1, 2, 4 see $1 + 2 + 4 + 8 = 15$. A stride-2 layer
# doubles how much every later layer adds. (The receptive field is a span: a
# dilated stack may skip pixels inside it, the "gridding" effect.)
#
# **Small kernels, stacked, against one large kernel.** Three stride-1 $3 \times 3$
# layers see a $7 \times 7$ window, as one $7 \times 7$ layer does, but with
# $3 \cdot 9 = 27$ weights per pair of channels against $49$, and with a nonlinearity
# after each layer instead of one: more expressive for fewer weights (the VGG design).
# In general $n$ stacked $k \times k$ layers see $n(k - 1) + 1$ pixels across with
# $n k^2$ weights per channel pair, where one layer of that size needs
# $(n(k - 1) + 1)^2$. The price: $n$ layers to compute and store for the backward
# pass, and a window that is still a square span, not a free shape.


# %%
def receptive_field(layers: list[tuple[int, int, int]]) -> int:
    """The receptive field of one output unit of a stack of convolutions (1-D).

    Args:
        layers: (k, s, d) for each layer, from the input up: kernel size, stride and
            dilation, each at least 1. An empty list is the input itself.

    Returns:
        The number of input positions spanned by one unit of the last layer, an
        int: r = 1 + sum over layers of (k - 1) * d * (product of earlier strides).

    Raises:
        ValueError: if some k, s or d is below 1.
    """
    ### BEGIN SOLUTION
    field, jump = 1, 1
    for k, s, d in layers:
        if k < 1 or s < 1 or d < 1:
            raise ValueError(f"need k, s, d >= 1, got layer {(k, s, d)}")
        field += (k - 1) * d * jump
        jump *= s
    return field
    ### END SOLUTION


# %% [markdown]
# ## 8.5 Gridding: which pixels a dilated stack reads
#
# **Worked example.** Stack three $3 \times 3$ layers, stride 1, with dilations 1, 2
# and 4. The receptive field after each layer is 3, 7 and 15
# (`receptive_field([(3, 1, 1)])`, then with `(3, 1, 2)`, then with `(3, 1, 4)`), and
# here every pixel of the span counts: the first layer reads offsets 0 to 2, the second
# adds 0, 2 or 4 to them (0 to 6), the third 0, 4 or 8 (0 to 14). One output reads
# all $15 \times 15$ pixels of its window with 27 weights per channel pair.
#
# **The gridding effect.** The receptive field is a span, and a dilated stack can leave
# holes in it. With dilations 2, 2, 2 the span is $1 + 4 + 4 + 4 = 13$, but every
# offset is a sum of 0, 2 and 4: even. One output reads only the pixels at even rows and
# even columns of its $13 \times 13$ window, 49 of 169; the output one pixel to the
# right reads the odd columns instead. Neighbouring outputs thus see disjoint grids of the input, and the output
# map shows a checkerboard-like artefact. The gradient of one output with respect to the
# input shows it:
#
# ```
# x = torch.zeros(1, 1, 13, 13, requires_grad=True)
# y = x
# for d in (2, 2, 2):
#     y = F.conv2d(y, torch.ones(1, 1, 3, 3), dilation=d)   # y ends 1 x 1
# y.sum().backward()
# x.grad[0, 0] != 0          # True exactly at even rows and even columns
# ```
#
# **Why dilated stacks look the way they do.** Along one dimension, a gap-free field of
# $r$ pixels stays gap-free after a layer with $k \ge 2$ taps and dilation $d$ exactly
# when $d \le r$: the $k$ copies of the run, $d$ apart, then touch or overlap. Doubling
# rates 1, 2, 4, 8, ... meet this at every layer and grow the field exponentially
# (15, then 31). Rates with a common factor $g > 1$ (2, 2, 2 or 2, 4, 8) reach only
# multiples of $g$, however deep the stack. Hence "hybrid" rates that start at 1 and
# grow slowly enough to fill every hole, such as 1, 2, 3 (13 pixels, as many as 2, 2,
# 2, but all of them) or 1, 2, 5 (17 pixels). Write `reached_pixels` and see for
# yourself: it loops over the layers keeping the set of reached offsets along one
# dimension (a bool vector), and the 2-D mask is the outer product of that vector with
# itself (`line[:, None] & line[None, :]`), since a $k \times k$ kernel reads rows and
# columns independently.


# %%
def reached_pixels(dilations: list[int], k: int = 3) -> Tensor:
    """The input pixels that one output of a stack of dilated k x k layers depends on.

    Args:
        dilations: the dilation of each layer, from the input up, each at least 1; every
            layer has a k x k kernel, stride 1 and no padding. An empty list is the
            input itself.
        k: kernel size of every layer, at least 1.

    Returns:
        mask, a bool tensor of shape (r, r) with r the receptive field of the stack,
        1 + (k - 1) * sum(dilations), where mask[a, b] is True exactly when input
        pixel (i + a, j + b) reaches output (i, j).

    Raises:
        ValueError: if k is below 1, or a dilation is below 1.
    """
    ### BEGIN SOLUTION
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    line = torch.ones(1, dtype=torch.bool)  # the input itself: offset 0
    for d in dilations:
        if d < 1:
            raise ValueError(f"each dilation must be at least 1, got {d} in {dilations}")
        grown = torch.zeros(line.numel() + (k - 1) * d, dtype=torch.bool)
        for a in range(k):  # tap a shifts every reached offset by a * d
            grown[a * d : a * d + line.numel()] |= line
        line = grown
    return line[:, None] & line[None, :]
    ### END SOLUTION


# %% [markdown]
# ## 8.6 Quiz
#
# Answer on paper first, then check with your functions. Some questions take their
# numbers from your student id, so your neighbour's answers are not yours: in
# JupyterHub your login is used; elsewhere set it first (`export
# AUTOGRADER_STUDENT=your_login`, or `os.environ["AUTOGRADER_STUDENT"] = "your_login"`
# in the first cell). Run the next cells to see your variant, then fill in `answers()`:
# a dict from question id to answer (an int, a tuple of ints, one letter for a single
# choice, a tuple of the letters of every true statement for a multiple choice; each
# statement is graded on its own).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"

QUESTIONS = [
    Question(
        "q1_effective_size", "integer", 1,
        "How many rows does a {k} x {k} kernel with dilation {d} span (its effective "
        "size)?",
        {"k": (2, 3, 4, 5, 7), "d": (2, 3, 4, 5, 6)},
        hint="k - 1 gaps of d pixels plus one: d*(k - 1) + 1, not k*d",
    ),
    Question(
        "q2_receptive_field", "integer", 1,
        "A network applies, from the input up, a {k1} x {k1} convolution with stride "
        "{s1}, a 3 x 3 max pooling with stride {s2}, a 3 x 3 convolution with dilation "
        "{d3}, and a 3 x 3 convolution with dilation {d4} (stride 1 for both). What is "
        "the receptive field of one output unit, along one dimension? (Pooling counts "
        "like a convolution.)",
        {"k1": (3, 5, 7), "s1": (2, 3), "s2": (1, 2), "d3": (1, 2, 3), "d4": (2, 4)},
        hint="use your receptive_field on the four layers as (k, s, d) triples: every "
        "layer adds (k - 1) * d times the product of the strides below it",
    ),
    Question(
        "q3_why_dilation", "single", 1,
        "A k x k kernel with dilation d spans as many input pixels as a dense kernel of "
        "side d(k - 1) + 1. Why use the dilated one to see that far?",
        options={
            "a": "it computes the same outputs as the dense kernel, more accurately",
            "b": "it reaches as far with k**2 instead of (d(k - 1) + 1)**2 weights (and "
            "multiply-adds) per channel pair",
            "c": "it makes the output larger",
            "d": "a dense kernel that large cannot be trained by gradient descent",
        },
        hint="count the weights of each kernel; the outputs are not the same",
    ),
    Question(
        "q4_weights", "shape", 1,
        "How many weights has nn.Conv2d({cin}, {cout}, kernel_size={k}, dilation={d}, "
        "bias=False), and how many has the dense layer (dilation 1) between the same "
        "channels whose square kernel spans as many pixels? Give (dilated, dense) as a "
        "tuple of two ints.",
        {"cin": (16, 32, 64, 128), "cout": (32, 64, 128, 256), "k": (3, 5), "d": (2, 3, 4)},
        ndim=2,
        hint="C_out * C_in * kh * kw whatever the dilation; the dense kernel's side is the "
        "dilated kernel's effective size",
    ),
    Question(
        "q5_true_statements", "multiple", 2,
        "Which statements are true?",
        options={
            "a": "in PyTorch, dilation=1 is the ordinary convolution",
            "b": "with dilation 2 only every other output position is computed, as with "
            "stride 2",
            "c": "with stride 1, an odd k and padding d * (k - 1) / 2 on each side, the "
            "output has the input's size",
            "d": "the receptive field of a stack of stride-1 layers is the sum of their "
            "effective sizes",
        },
        hint="dilation spreads the taps, not the outputs; try the output-size formula of "
        "8.3; stacked layers overlap by one pixel",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id: e.g. {"q1_effective_size": 9, "q3_why_dilation": "a",
    "q4_weights": (1000, 2000), "q5_true_statements": ("b", "d"), ...}."""
    ### BEGIN SOLUTION
    import torch.nn.functional as F
    from torch import nn

    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}

    def effective(k: int, d: int, n: int = 64) -> int:
        """The span of a dilated kernel: n - (the library's output length) + 1."""
        out = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), dilation=d)
        return n - out.shape[-1] + 1

    # q2: the input positions that one output unit depends on, by autograd through the
    # real layers (1-D, all-positive weights so that nothing cancels).
    rf = v["q2_receptive_field"]
    x = torch.zeros(1, 1, 256, requires_grad=True)
    y = F.conv1d(x, torch.ones(1, 1, rf["k1"]), stride=rf["s1"])
    y = F.avg_pool1d(y, 3, stride=rf["s2"])
    y = F.conv1d(y, torch.ones(1, 1, 3), dilation=rf["d3"])
    y = F.conv1d(y, torch.ones(1, 1, 3), dilation=rf["d4"])
    y[0, 0, 0].backward()
    seen = x.grad[0, 0].nonzero()
    field = int(seen.max() - seen.min()) + 1

    w = v["q4_weights"]

    def weights(k: int, d: int) -> int:
        layer = nn.Conv2d(w["cin"], w["cout"], k, dilation=d, bias=False, device="meta")
        return sum(p.numel() for p in layer.parameters())

    return {
        "q1_effective_size": effective(v["q1_effective_size"]["k"], v["q1_effective_size"]["d"]),
        "q2_receptive_field": field,
        "q3_why_dilation": "b",
        "q4_weights": (weights(w["k"], w["d"]), weights(effective(w["k"], w["d"]), 1)),
        "q5_true_statements": ("a", "c"),
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal, `pytest tests/public/test_dilation.py`, or
# run the cell below in the notebook. Hidden checks, used for grading, try random
# shapes and dilations against the library, a grid of output sizes, and random
# stacks of layers.
#
# In a notebook, any cell can run `check("dilation")`, or only the checks whose name contains
# a word: `check("dilation", "receptive_field")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("dilation")
