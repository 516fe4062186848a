# %% [markdown]
# # Exercise 2: an image with a diagonal edge, and kernels that see it
#
# The textbook detects the vertical edges of a striped image with the kernel
# `K = [[1, -1]]`: cross-correlating with it computes, at every position,
#
# $$Y[i, j] = X[i, j] - X[i, j + 1],$$
#
# the change of intensity from a pixel to its right-hand neighbour (with the sign
# flipped). It is $+1$ where a white pixel (1) has a black neighbour (0) on its right,
# $-1$ where a black pixel has a white one, and $0$ where nothing changes
# horizontally. Its output has shape $(H, W - 1)$: the $1 \times 2$ kernel fits in
# $W - 1$ columns of positions.
#
# The textbook then asks what this kernel does to an image with a **diagonal** edge.
# Here the image is
#
# $$X[i, j] = \begin{cases} 1 & j \le i \quad\text{(on and below the main
# diagonal)} \\ 0 & j > i \quad\text{(above it)} \end{cases}$$
#
# which is `torch.tril(torch.ones(n, n))`. For $n = 4$:
#
# ```
# X = [[1, 0, 0, 0],
#      [1, 1, 0, 0],
#      [1, 1, 1, 0],
#      [1, 1, 1, 1]]
# ```
#
# **A popular wrong answer.** Forum answers often say "the response is a zero
# matrix, because the kernel only detects vertical edges". It is not zero. A
# diagonal edge in a pixel image is a *staircase*: in row $i$ the intensity drops
# from 1 to 0 between column $i$ and column $i + 1$, so every row has a horizontal
# change. Worked example, row 1 of the $4 \times 4$ image above, `[1, 1, 0, 0]`:
# the differences `X[1, j] - X[1, j + 1]` for $j = 0, 1, 2$ are `0, 1, 0`, a $+1$
# at $(1, 1)$. Row by row:
#
# ```
# corr2d(X, [[1, -1]]) = [[1, 0, 0],
#                         [0, 1, 0],
#                         [0, 0, 1],
#                         [0, 0, 0]]     # shape (4, 3), +1 at (i, i), i = 0..2
# ```
#
# For $n = 6$ the response has shape $(6, 5)$ and is $+1$ at $(i, i)$ for
# $i = 0, \dots, 4$: five non-zeros. The last row is all ones, so it has no step
# inside the image.
#
# **Kernels for any direction.** On a smooth image $f$ (think of a linear ramp
# $f = a \cdot \text{col} + b \cdot \text{row}$, whose intensity gradient is
# $(a, b)$ in (column, row) coordinates) the two $2 \times 2$ kernels
#
# $$D_x = \begin{bmatrix} -1 & 1 \\ 0 & 0 \end{bmatrix}, \qquad
#   D_y = \begin{bmatrix} -1 & 0 \\ 1 & 0 \end{bmatrix}$$
#
# compute forward differences: $D_x$ gives $f[i, j + 1] - f[i, j]$ (change along the
# columns, $a$ on the ramp) and $D_y$ gives $f[i + 1, j] - f[i, j]$ (change along the
# rows, $b$ on the ramp). Since cross-correlation is linear in the kernel, the
# **directional** kernel $v_1 D_x + v_2 D_y$ gives exactly
#
# $$v_1 a + v_2 b = v \cdot \nabla f$$
#
# at every position of the ramp: the derivative in the direction $v = (v_1, v_2)$.
# For a unit vector $v$ it is largest (equal to $|\nabla f|$) when $v$ is parallel to
# the gradient, that is for edges running along $(v_2, -v_1)$, and zero when $v$ is
# perpendicular to the gradient (an edge running along $v$ itself).
#
# Note the signs: $D_x$ is $-1$ times the textbook's `[[1, -1]]` (padded to
# $2 \times 2$), so `directional_edge_kernel(1, 0)` marks the diagonal image's
# staircase with $-1$, not $+1$.
#
# **Conventions.** Images and kernels are floating-point tensors (the default dtype,
# float32, is fine); an integer image would make later arithmetic with float
# kernels promote, round or fail. Rows are the first index, columns the second.
# Check your work with `pytest tests/public/test_diagonal_edge.py`.

# %%
import torch
from torch import Tensor

# %% [markdown]
# A `corr2d` to experiment with. It is given, and deliberately not the loop you write
# in exercise 1: it calls the library's convolution, which is allowed here.


# %%
def corr2d(X: Tensor, K: Tensor) -> Tensor:
    """Cross-correlate a 2-D input with a 2-D kernel (no padding, stride 1).

    Given, not graded: an input X of size (H, W) and a kernel K of size (kh, kw) give
    Y[i, j] = sum_{a, b} X[i + a, j + b] * K[a, b], of size (H - kh + 1, W - kw + 1).
    """
    dtype = torch.promote_types(X.dtype, K.dtype)
    weight = K.to(dtype)[None, None]
    return torch.nn.functional.conv2d(X.to(dtype)[None, None], weight)[0, 0]


# %% [markdown]
# ## 2.1 The image
#
# Build the $n \times n$ image that is 1 on and below the main diagonal and 0 above
# it, as a float tensor. Mind the two classic slips: the wrong side (`torch.triu`
# puts the ones *above*), and losing the diagonal itself (`diagonal=-1` keeps only
# the strict lower triangle).


# %%
def diagonal_edge_image(n: int = 6) -> Tensor:
    """An image with a diagonal edge.

    Args:
        n: side length, at least 1; the default is 6.

    Returns:
        X, shape (n, n), floating point, with X[i, j] = 1 if j <= i (on and below
        the main diagonal) and 0 if j > i (above it).
    """
    ### BEGIN SOLUTION
    return torch.tril(torch.ones(n, n))
    ### END SOLUTION


# %% [markdown]
# ## 2.2 The textbook's edge kernel
#
# Return the horizontal-difference kernel `[[1., -1.]]`, shape $(1, 2)$: a row, so
# that it compares a pixel with its right-hand neighbour.


# %%
def edge_kernel() -> Tensor:
    """The textbook's horizontal-difference kernel.

    Returns:
        K, shape (1, 2), floating point: [[1., -1.]], so that
        corr2d(X, K)[i, j] = X[i, j] - X[i, j + 1].
    """
    ### BEGIN SOLUTION
    return torch.tensor([[1.0, -1.0]])
    ### END SOLUTION


# %% [markdown]
# ## 2.3 A kernel for any direction
#
# Return $v_1 D_x + v_2 D_y$ with $D_x$ and $D_y$ as above, i.e.
# `[[-v1 - v2, v1], [v2, 0]]`. On the ramp `f = a*col + b*row` its response is
# `v1*a + v2*b` at every position.


# %%
def directional_edge_kernel(v1: float, v2: float) -> Tensor:
    """A 2x2 kernel for the derivative in the direction v = (v1, v2).

    Args:
        v1: component of v along the columns (to the right).
        v2: component of v along the rows (downwards).

    Returns:
        K, shape (2, 2), floating point:
        v1 * [[-1, 1], [0, 0]] + v2 * [[-1, 0], [1, 0]].
    """
    ### BEGIN SOLUTION
    along_columns = torch.tensor([[-1.0, 1.0], [0.0, 0.0]])
    along_rows = torch.tensor([[-1.0, 0.0], [1.0, 0.0]])
    return v1 * along_columns + v2 * along_rows
    ### END SOLUTION


# %% [markdown]
# Try it: the edge response of the $6 \times 6$ image, and a directional kernel on a
# ramp (both should match the handout).

# %%
if __name__ == "__main__":
    print(corr2d(diagonal_edge_image(), edge_kernel()))
    rows, cols = torch.meshgrid(torch.arange(5.0), torch.arange(7.0), indexing="ij")
    ramp = 2.0 * cols + 3.0 * rows  # gradient (a, b) = (2, 3)
    print(corr2d(ramp, directional_edge_kernel(1.0, -1.0)))  # 1*2 - 1*3 = -1 everywhere

# %% [markdown]
# ## 2.4 Quiz
#
# Work the answers out by hand first, then check them with `corr2d`. Some questions
# take their numbers from your student id, so your neighbour's answers are not yours:
# in JupyterHub your login is used; elsewhere set it first (`export
# AUTOGRADER_STUDENT=your_login`, or `os.environ["AUTOGRADER_STUDENT"] = "your_login"`
# in the first cell). Run the next cells to see your variant, then fill in `answers()`:
# a dict from question id to answer (an int, a tuple of ints, one letter for a single
# choice, a tuple of letters for a multiple choice; each statement of a multiple choice
# is graded on its own).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"
IMAGE = "X = diagonal_edge_image({n}) (1 on and below the main diagonal) and K = edge_kernel()"
ANY_IMAGE = "X = diagonal_edge_image(n) for any n >= 3"
SIZES = range(4, 40)

QUESTIONS = [
    Question(
        "edge_response_nonzeros", "integer", 1,
        f"{IMAGE} = [[1, -1]]. How many non-zero entries has corr2d(X, K)?",
        {"n": SIZES},
        hint="one +1 per row whose step from 1 to 0 lies inside the image; look at the "
        "last row",
    ),
    Question(
        "edge_response_shape", "shape", 1,
        f"{IMAGE} = [[1, -1]]. What is the shape of corr2d(X, K)?",
        {"n": SIZES},
        ndim=2,
        hint="a (kh, kw) kernel on an (H, W) image gives (H - kh + 1, W - kw + 1)",
    ),
    Question(
        "edge_response_diagonal", "single", 1,
        f"{ANY_IMAGE} and K = edge_kernel() = [[1, -1]]. The entries of corr2d(X, K) at "
        "(i, i), i = 0, ..., n - 2, are:",
        options={
            "a": "+1",
            "b": "-1",
            "c": "0: the response is a zero matrix, since [[1, -1]] only detects vertical "
            "edges",
        },
        hint="[[1, -1]] computes X[i, j] - X[i, j + 1], this pixel minus its right "
        "neighbour: work it out at (i, i) on the 4 x 4 example, where row i steps "
        "between columns i and i + 1",
    ),
    Question(
        "directional_zero_on_diagonal", "single", 1,
        f"{ANY_IMAGE}. For which v = (v1, v2) are the entries at (i, i) of "
        "corr2d(X, directional_edge_kernel(v1, v2)) all zero?",
        options={"a": "v = (1, 0)", "b": "v = (1, 1)", "c": "v = (0, 1)", "d": "v = (-1, 1)"},
        hint="work out the window at (i, i), [[1, 0], [1, 1]], against the kernel "
        "[[-v1 - v2, v1], [v2, 0]]",
    ),
    Question(
        "directional_all_zero", "single", 1,
        f"{ANY_IMAGE}. For which v = (v1, v2) is the whole response "
        "corr2d(X, directional_edge_kernel(v1, v2)) zero?",
        options={
            "a": "v = (1, 1), along the edge",
            "b": "v = (-1, 1), along the intensity gradient",
            "c": "v = (0, 1)",
            "d": "for none of these: only v = (0, 0)",
        },
        hint="work out the response at (i, i) and at (i, i + 1) for a general v: v along "
        "the edge gives 0 on a smooth ramp, but the pixel staircase has both horizontal "
        "and vertical steps",
    ),
    Question(
        "zero_response_kernels", "multiple", 1,
        f"{ANY_IMAGE}. Which kernels G give an all-zero response corr2d(X, G)?",
        options={
            "a": "[[1, -1]]",
            "b": "[[1], [-1]]",
            "c": "[[1, 0], [0, -1]]",
            "d": "[[0, 1], [-1, 0]]",
        },
        hint="write each response as a difference of two pixels of X and compare them "
        "along the staircase: it has horizontal AND vertical steps",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id: e.g. {"edge_response_nonzeros": 3,
    "edge_response_shape": (2, 3), "edge_response_diagonal": "a",
    "zero_response_kernels": ("a", "d"), ...}."""
    ### BEGIN SOLUTION
    # Row i steps from 1 to 0 between columns i and i + 1: one +1 per row, except the
    # last row (all ones). The directional response is -v1 at (i, i) and v2 at
    # (i, i + 1): a staircase is never invisible to it. Only a difference along the
    # edge, X[i, j] - X[i + 1, j + 1], is zero everywhere.
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    K = edge_kernel()
    count = corr2d(diagonal_edge_image(v["edge_response_nonzeros"]["n"]), K)
    shaped = corr2d(diagonal_edge_image(v["edge_response_shape"]["n"]), K)
    X = diagonal_edge_image(6)
    on_diagonal = corr2d(X, K).diagonal()
    values = {"a": 1.0, "b": -1.0, "c": 0.0}
    zero_on_diagonal = {"a": (1, 0), "b": (1, 1), "c": (0, 1), "d": (-1, 1)}
    all_zero = {"a": (1, 1), "b": (-1, 1), "c": (0, 1)}
    kernels = {
        "a": [[1.0, -1.0]],
        "b": [[1.0], [-1.0]],
        "c": [[1.0, 0.0], [0.0, -1.0]],
        "d": [[0.0, 1.0], [-1.0, 0.0]],
    }

    def response(v1: float, v2: float) -> Tensor:
        return corr2d(X, directional_edge_kernel(v1, v2))

    return {
        "edge_response_nonzeros": int(torch.count_nonzero(count)),
        "edge_response_shape": tuple(shaped.shape),
        "edge_response_diagonal": next(
            letter for letter, x in values.items() if bool((on_diagonal == x).all())
        ),
        "directional_zero_on_diagonal": next(
            letter for letter, d in zero_on_diagonal.items() if not response(*d).diagonal().any()
        ),
        "directional_all_zero": next(
            (letter for letter, d in all_zero.items() if not response(*d).any()), "d"
        ),
        "zero_response_kernels": tuple(
            letter for letter, G in kernels.items() if not corr2d(X, torch.tensor(G)).any()
        ),
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal, `pytest tests/public/test_diagonal_edge.py`,
# or run the cell below in the notebook. Hidden checks, used for grading, try other
# sizes, directions and ramps.
#
# In a notebook, any cell can run `check("diagonal_edge")`, or only the checks whose name contains
# a word: `check("diagonal_edge", "edge_kernel")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("diagonal_edge")
