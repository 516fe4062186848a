# %% [markdown]
# # Exercise 6: derivatives, integrals and blur as kernels
#
# A kernel is a small table of weights, and the weights decide what the layer
# measures. In this exercise you build kernels **by design**, not by learning, and
# check what they do: kernels that differentiate (exactly, on polynomials), kernels
# that integrate, and kernels that blur.
#
# Everything here is a **cross-correlation**, as in the rest of the unit. In 1-D,
# with an input `x` of length $N$ and a kernel `k` of length $n$,
#
# $$y[i] = \sum_{j=0}^{n-1} x[i + j]\, k[j], \qquad i = 0, \dots, N - n.$$
#
# The helper `corr1d(x, k)` below computes exactly this (no padding, stride 1);
# use it freely, and use `torch.nn.functional.conv2d` in your own experiments.
#
# **Conventions.** Kernels are floating-point tensors (`torch.tensor([1, -2, 1])` is
# an *integer* tensor: write `1.0` or pass `dtype=`); `running_integral` keeps its
# input's dtype and stays differentiable. Check your work with
# `pytest tests/public/test_derivative_kernels.py`.

# %%
import math

import torch
from torch import Tensor


def corr1d(x: Tensor, k: Tensor) -> Tensor:
    """Cross-correlate a 1-D input with a 1-D kernel (no padding, stride 1).

    Args:
        x: input, shape (N,).
        k: kernel, shape (n,), with n <= N.

    Returns:
        y, shape (N - n + 1,), y[i] = sum_j x[i + j] * k[j], in the promoted dtype.
    """
    dtype = torch.promote_types(x.dtype, k.dtype)
    windows = x.to(dtype).unfold(0, k.shape[0], 1)  # (N - n + 1, n), a view
    return windows @ k.to(dtype)


# %% [markdown]
# ## 6.1 Finite differences: derivatives you can compute exactly
#
# The **forward difference** $\Delta x[i] = x[i+1] - x[i]$ is the discrete
# derivative. As a cross-correlation it is the kernel `[-1, 1]`: the weight on the
# *later* sample is $+1$. Applying it $d$ times gives the **$d$-th forward
# difference**, whose kernel has length $d + 1$ and weights
#
# $$k_j = (-1)^{d-j} \binom{d}{j}, \qquad j = 0, \dots, d.$$
#
# | $d$ | kernel |
# |---|---|
# | 1 | `[-1, 1]` |
# | 2 | `[1, -2, 1]` |
# | 3 | `[-1, 3, -3, 1]` |
#
# The last weight is always $+1$. (The kernel $(-1)^j \binom{d}{j}$, which starts
# with $+1$, is the *backward* convention applied in the wrong direction: it equals
# ours for even $d$ and is its **negative** for odd $d$.)
#
# **Why it is exact on polynomials.** $\Delta$ lowers the degree of a polynomial by
# one and multiplies the leading coefficient by the degree:
# $\Delta t^m = (t+1)^m - t^m = m\,t^{m-1} + \dots$. So $d$ differences
# **annihilate every polynomial of degree less than $d$** and map $t^d$ to the
# constant $d!$ (not to $1$, and not to $d$). Worked example with $d = 2$ on
# $x = t^2$ at $t = 0, 1, 2, 3, 4$, i.e. `x = [0, 1, 4, 9, 16]`: the kernel
# `[1, -2, 1]` gives `[0 - 2 + 4, 1 - 8 + 9, 4 - 18 + 16] = [2, 2, 2]`, and
# $2! = 2$.
#
# **Why $d + 1$ weights, and no fewer.** Asking a kernel of length $n$ to send
# $1, t, \dots, t^{d-1}$ to $0$ and $t^d$ to $d!$ is $d + 1$ linear equations in
# its $n$ weights (one per power; the matrix is a Vandermonde matrix, which has
# full rank). With $n = d$ weights, the first $d$ equations already force every
# weight to $0$ (the $d \times d$ Vandermonde matrix is invertible), and then
# $t^d$ maps to $0$, not $d!$. With $n = d + 1$ there is **exactly one** solution:
# the kernel above. A popular wrong answer is "a $d$-th derivative needs $d$
# weights"; it needs $d + 1$.


# %%
def finite_difference_kernel(d: int) -> Tensor:
    """The d-th forward-difference kernel.

    Args:
        d: the order of the difference, d >= 0.

    Returns:
        k, shape (d + 1,), floating point, k[j] = (-1) ** (d - j) * C(d, j), so that
        corr1d(x, k)[i] is the d-th forward difference of x at i.

    Raises:
        ValueError: if d is negative.
    """
    ### BEGIN SOLUTION
    if d < 0:
        raise ValueError(f"the order of a difference cannot be negative, got {d}")
    weights = [(-1) ** (d - j) * math.comb(d, j) for j in range(d + 1)]
    return torch.tensor(weights, dtype=torch.get_default_dtype())
    ### END SOLUTION


# %%
def min_kernel_size(d: int) -> int:
    """The smallest kernel length that computes a d-th derivative exactly.

    Args:
        d: the order of the derivative, d >= 0.

    Returns:
        The smallest n such that some kernel of length n annihilates every
        polynomial of degree < d and maps t ** d to the constant d!.
    """
    ### BEGIN SOLUTION
    return d + 1
    ### END SOLUTION


# %% [markdown]
# ## 6.2 Second derivatives in 1-D and 2-D
#
# `[[1, -2, 1]]`, a $1 \times 3$ kernel, is the second difference along the width
# of an image: on every row it computes $f(c+1) - 2 f(c) + f(c-1)$. Adding the same
# kernel along the height gives the **Laplacian** $\partial^2/\partial r^2 +
# \partial^2/\partial c^2$, the five-point stencil
#
# ```
# [[0,  1, 0],
#  [1, -4, 1],
#  [0,  1, 0]]
# ```
#
# Its weights sum to $0$, so a constant image gives $0$; on $f = a r^2 + b c^2$ it
# gives $2a + 2b$ everywhere. (The kernel with $+4$ in the centre and $-1$ around it
# is the *negative* Laplacian, used to sharpen images; `[[0,1,0],[1,4,1],[0,1,0]]`
# is not a derivative at all, since its weights sum to 8.)
#
# **Which kernel responds most to thin lines, isolated points and noise?** The
# second difference. On a single bright pixel `[0, 0, 1, 0, 0]` the first difference
# `[-1, 1]` gives at most 1 in size, while `[1, -2, 1]` gives $-2$ at the point
# (and $+1$ either side); on white noise of variance $s^2$ the outputs have variance
# $2 s^2$ for `[-1, 1]` and $6 s^2$ for `[1, -2, 1]` (the sum of the squared
# weights). Smoothing kernels such as `[1, 1, 1] / 3` respond least. That is why
# second-derivative filters are usually applied after a blur.


# %%
def second_derivative_kernel() -> Tensor:
    """The second difference along the width of an image.

    Returns:
        K, shape (1, 3), floating point: [[1., -2., 1.]].
    """
    ### BEGIN SOLUTION
    return torch.tensor([[1.0, -2.0, 1.0]])
    ### END SOLUTION


# %%
def laplacian_kernel() -> Tensor:
    """The five-point Laplacian: second differences along height and width, added.

    Returns:
        K, shape (3, 3), floating point: [[0, 1, 0], [1, -4, 1], [0, 1, 0]].
    """
    ### BEGIN SOLUTION
    return torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
    ### END SOLUTION


# %% [markdown]
# ## 6.3 Integrals: sums over windows
#
# Differences undo sums, so summing is the discrete integral. The kernel of $n$
# ones computes, at every position, the **sum of the $n$ consecutive samples** under
# it: `corr1d([1, 2, 3, 4, 5], [1, 1, 1]) = [6, 9, 12]`. (Not their mean: that is
# `ones(n) / n`. Not the running sum of everything so far: the window has a fixed
# length.)
#
# A **running integral** (cumulative sum) $y[i] = x[0] + \dots + x[i]$ is one
# correlation too: pad $x$ with $N - 1$ zeros on the **left** and correlate with $N$
# ones. Window $i$ of the padded input then ends exactly at $x[i]$:
#
# ```
# x = [1, 2, 3, 4]   padded = [0, 0, 0, 1, 2, 3, 4]   kernel = [1, 1, 1, 1]
# windows: [0,0,0,1] [0,0,1,2] [0,1,2,3] [1,2,3,4]  ->  [1, 3, 6, 10]
# ```
#
# Zeros on the right instead give the sums from $x[i]$ to the end; one zero too
# many on the left gives $x[0] + \dots + x[i-1]$, shifted by one. Write
# `running_integral` as ONE correlation: no Python loop, and not `torch.cumsum`
# (the point is to see the cumulative sum *as a kernel*; it costs $N^2$
# multiply-adds where `cumsum` needs $N$).


# %%
def integral_kernel(n: int) -> Tensor:
    """The kernel that sums n consecutive samples.

    Args:
        n: the window length, n >= 1.

    Returns:
        k, shape (n,), floating point, all ones, so that
        corr1d(x, k)[i] = x[i] + x[i + 1] + ... + x[i + n - 1].
    """
    ### BEGIN SOLUTION
    return torch.ones(n)
    ### END SOLUTION


# %%
def running_integral(x: Tensor) -> Tensor:
    """The cumulative sum of x, as one cross-correlation with zero padding.

    Args:
        x: input, shape (N,), N >= 1, floating point.

    Returns:
        y, shape (N,), same dtype and device as x, y[i] = x[0] + ... + x[i],
        computed without torch.cumsum and without a Python loop.
    """
    ### BEGIN SOLUTION
    n = x.shape[0]
    padded = torch.cat([x.new_zeros(n - 1), x])  # N - 1 zeros BEFORE x
    return corr1d(padded, x.new_ones(n))
    ### END SOLUTION


# %% [markdown]
# ## 6.4 Blur
#
# A blur replaces each pixel by a weighted average of its neighbours. Two rules
# make it an *average*: the weights are non-negative and they **sum to 1**, so a
# constant image keeps its value (an unnormalised `ones(k, k)` multiplies the image
# by $k^2$). Averaging independent noise reduces its variance: a $k \times k$ box
# divides it by $k^2$.
#
# - The **box** blur: all $k^2$ weights equal to $1 / k^2$.
# - The **Gaussian** blur: with the centre $c = (k - 1) / 2$,
#   $K[i, j] \propto \exp\!\big(-((i - c)^2 + (j - c)^2) / (2\sigma^2)\big)$,
#   normalised to sum to 1. It is symmetric, and **separable**: since
#   $e^{-(u^2 + v^2)} = e^{-u^2} e^{-v^2}$, $K = g g^\top$ for the 1-D Gaussian
#   $g$ (normalised to sum to 1), a matrix of rank 1. A separable $k \times k$ blur
#   costs $2k$ multiply-adds per pixel (one pass along rows, one along columns)
#   instead of $k^2$. Combine the two 1-D kernels with a product, not a sum: $g_i +
#   g_j$ is symmetric and can be normalised, but it is rank 2 and not a Gaussian.


# %%
def box_blur_kernel(k: int) -> Tensor:
    """The k x k box blur.

    Args:
        k: the kernel size, k >= 1.

    Returns:
        K, shape (k, k), floating point, every weight 1 / k**2 (so K sums to 1).
    """
    ### BEGIN SOLUTION
    return torch.full((k, k), 1.0 / (k * k))
    ### END SOLUTION


# %%
def gaussian_blur_kernel(k: int, sigma: float) -> Tensor:
    """The k x k Gaussian blur with standard deviation sigma (in pixels).

    Args:
        k: the kernel size, k >= 1.
        sigma: the standard deviation, sigma > 0.

    Returns:
        K, shape (k, k), floating point, summing to 1, with
        K[i, j] proportional to exp(-((i - c)**2 + (j - c)**2) / (2 * sigma**2)),
        c = (k - 1) / 2. K is symmetric and separable: K = outer(g, g).
    """
    ### BEGIN SOLUTION
    t = torch.arange(k, dtype=torch.float64) - (k - 1) / 2
    g = torch.exp(-(t**2) / (2 * sigma**2))
    g = g / g.sum()
    return torch.outer(g, g).to(torch.get_default_dtype())
    ### END SOLUTION


# %% [markdown]
# ## 6.5 Quiz
#
# Answer on paper first, then check with your code. Some questions take their numbers
# from your student id, so your neighbour's answers are not yours: in JupyterHub your
# login is used; elsewhere set it first (`export AUTOGRADER_STUDENT=your_login`, or
# `os.environ["AUTOGRADER_STUDENT"] = "your_login"` in the first cell). Run the next
# cells to see your variant, then fill in `answers()`: a dict from question id to answer
# (a Python `int` for a number, one letter for a single choice).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"

QUESTIONS = [
    Question(
        "q1_thin_lines", "single", 1,
        "Which kernel responds most strongly to thin lines, isolated points and pixel "
        "noise?",
        options={
            "a": "[1, 1, 1] / 3",
            "b": "[-1, 1]",
            "c": "[1, -2, 1]",
            "d": "[1, 2, 1] / 4",
        },
        hint="compare the sizes of the responses to one bright pixel, or the sums of "
        "the squared weights (the response to white noise)",
    ),
    Question(
        "q2_min_size", "integer", 1,
        "What is the smallest length of a 1-D kernel that computes the derivative of "
        "order {d} exactly on polynomials (annihilating every polynomial of degree "
        "below {d} and mapping t**{d} to a non-zero constant)?",
        {"d": range(3, 13)},
        hint="count the conditions: one per power 1, t, ..., t**d",
    ),
    Question(
        "q3_t_pow_d", "integer", 1,
        "The forward-difference kernel of order {d}, finite_difference_kernel({d}), is "
        "applied to the samples x[i] = {a} * i**{d} + {b} * i, i = 0, 1, 2, ... What "
        "constant does every output equal?",
        {"d": range(3, 8), "a": (1, 2, 3, 4, 5), "b": range(1, 10)},
        hint="each difference lowers the degree by one and multiplies the leading "
        "coefficient by the degree; the powers below the order vanish",
    ),
    Question(
        "q4_integral_kernel", "single", 1,
        "What does corr1d(x, integral_kernel(n)) compute?",
        options={
            "a": "the running sum x[0] + ... + x[i]",
            "b": "the mean of each window of n samples",
            "c": "the sum of each window of n consecutive samples",
            "d": "the n-th derivative of x",
        },
        hint="the kernel has a fixed length n and no division",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id.

    For example: {"q1_thin_lines": "a", "q2_min_size": 5, "q3_t_pow_d": 7,
    "q4_integral_kernel": "b"}.
    """
    ### BEGIN SOLUTION
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    d, a, b = v["q3_t_pow_d"]["d"], v["q3_t_pow_d"]["a"], v["q3_t_pow_d"]["b"]
    i = torch.arange(d + 3, dtype=torch.float64)
    # The kernel on the samples: a constant, a * d! (the i term is annihilated).
    y = corr1d(a * i**d + b * i, finite_difference_kernel(d))
    return {
        "q1_thin_lines": "c",
        "q2_min_size": min_kernel_size(v["q2_min_size"]["d"]),
        "q3_t_pow_d": round(float(y[0])),
        "q4_integral_kernel": "c",
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal,
# `pytest tests/public/test_derivative_kernels.py`, or run the cell below in the
# notebook. Hidden checks, used for grading, try random polynomials, lengths,
# kernel sizes and widths.
#
# In a notebook, any cell can run `check("derivative_kernels")`, or only the checks whose name contains
# a word: `check("derivative_kernels", "integral")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("derivative_kernels")
