# %% [markdown]
# # Exercise 3: what transposing the image or the kernel does
#
# The textbook's edge detector is the $1 \times 2$ kernel `K = [[1, -1]]`: at every
# position it computes "this pixel minus its right-hand neighbour", so it responds to
# **horizontal changes** of intensity, that is to vertical edges. Two questions follow
# at once: what happens if we transpose the image `X`, and what happens if we
# transpose the kernel `K`? This exercise answers both, on paper and in code.
#
# Throughout, "convolution" means cross-correlation, as in PyTorch and the textbook:
#
# $$Y[i, j] = \sum_{a, b} X[i + a, j + b]\, K[a, b].$$
#
# **Shapes first.** With `X` of shape $(H, W)$ and `K` of shape $(k_h, k_w)$,
# `X.T` has shape $(W, H)$ and `K.T` has shape $(k_w, k_h)$, so
#
# | expression | shape |
# |---|---|
# | `corr2d(X, K)` | $(H - k_h + 1,\; W - k_w + 1)$ |
# | `corr2d(X.T, K)` | $(W - k_h + 1,\; H - k_w + 1)$ |
# | `corr2d(X, K.T)` | $(H - k_w + 1,\; W - k_h + 1)$ |
# | `corr2d(X.T, K.T)` | $(W - k_w + 1,\; H - k_h + 1)$ |
#
# **Values: follow the indices.** Write out one entry and rename the summation
# indices. For instance, since `X.T[p, q] = X[q, p]`,
#
# $$\text{corr2d}(X^\top, K)[i, j] = \sum_{a, b} X[j + b,\, i + a]\, K[a, b].$$
#
# Compare this with the definition above: the kernel now slides *down* the columns of
# `X` where it used to slide along the rows. Do the same for the other two
# expressions, and you will find one exact identity between the four results that
# holds for every `X` and `K` (the quiz asks which).
#
# **A worked example.** The diagonal image `X = torch.tril(torch.ones(6, 6))` is 1 on
# and below the main diagonal and 0 above it. With `K = [[1, -1]]`,
# `corr2d(X, K)[i, j] = X[i, j] - X[i, j + 1]`, which is non-zero only where row `i`
# steps from 1 to 0, at `j = i`: the result (6x5) is **+1 at (i, i)** for
# i = 0..4, and 0 elsewhere. Work out the three others yourself before you run the
# code; the public checks tell you whether you are right.
#
# **Popular wrong answers, corrected.**
# - "`corr2d(X, [[1, -1]])` is the zero matrix on the diagonal image, because the
#   kernel only sees vertical edges." No: a diagonal step is *also* a horizontal
#   change in every row, so the result has five +1 entries.
# - "Transposing the image just transposes the output: `corr2d(X.T, K) ==
#   corr2d(X, K).T`." No: the shapes already differ when $k_h \ne k_w$, and on the
#   diagonal image even the signs of the non-zero entries differ.
# - "Transposing the image changes nothing." No: on the textbook's image with a
#   vertical black stripe, `corr2d(X, K)` finds both edges, while `corr2d(X.T, K)`
#   is all zeros: in `X.T` every row is constant, so there is no horizontal change
#   left for `[[1, -1]]` to see.
#
# **Contiguity.** `X.T` does not copy anything: it is a *view* of the same memory
# with the strides swapped, so it is not contiguous. Your `corr2d` must work on it.
# Slicing (`X[i:i + kh, j:j + kw]`) and `.reshape` do; `.view(-1)` raises on a
# transposed tensor, and arithmetic on raw storage offsets silently reads the wrong
# numbers.
#
# Results keep the input's dtype (float64 in, float64 out). Check your work with
# `pytest tests/public/test_transposes.py`.

# %%
import torch
from torch import Tensor

# %% [markdown]
# ## 3.1 `corr2d` again
#
# This file stands alone, so it needs its own `corr2d`: write it again or copy yours
# from exercise 1. It must accept non-contiguous inputs such as `X.T`.


# %%
def corr2d(X: Tensor, K: Tensor) -> Tensor:
    """Cross-correlate a 2-D input with a 2-D kernel (no padding, stride 1).

    Args:
        X: input, shape (H, W); may be non-contiguous (a transposed view).
        K: kernel, shape (kh, kw), with kh <= H and kw <= W; may be non-contiguous.

    Returns:
        Y, shape (H - kh + 1, W - kw + 1), same dtype and device as X, where
        Y[i, j] = sum_{a, b} X[i + a, j + b] * K[a, b].

    Raises:
        ValueError: if X or K is not 2-D, or K is larger than X.
    """
    ### BEGIN SOLUTION
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError(f"corr2d needs 2-D X and K, got {X.dim()}-D and {K.dim()}-D")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError(f"kernel {tuple(K.shape)} larger than input {tuple(X.shape)}")
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
    ### END SOLUTION


# %% [markdown]
# ## 3.2 The four responses
#
# Return the four cross-correlations in a dict whose keys are exactly the strings
# `"X,K"`, `"X.T,K"`, `"X,K.T"` and `"X.T,K.T"`: the part before the comma names
# the image, the part after it the kernel. Transpose the **inputs** and then
# correlate; do not correlate and then transpose the result (that is a different
# tensor, see above). Leave X and K unmodified (no in-place `t_()`).


# %%
def edge_responses(X: Tensor, K: Tensor) -> dict[str, Tensor]:
    """Cross-correlate the image and its transpose with the kernel and its transpose.

    Args:
        X: image, shape (H, W).
        K: kernel, shape (kh, kw); it must fit both X and X.T (kh, kw <= min(H, W)).

    Returns:
        A dict with exactly four entries, each with X's dtype:
        "X,K": corr2d(X, K), shape (H - kh + 1, W - kw + 1);
        "X.T,K": corr2d(X.T, K), shape (W - kh + 1, H - kw + 1);
        "X,K.T": corr2d(X, K.T), shape (H - kw + 1, W - kh + 1);
        "X.T,K.T": corr2d(X.T, K.T), shape (W - kw + 1, H - kh + 1).
    """
    ### BEGIN SOLUTION
    return {
        "X,K": corr2d(X, K),
        "X.T,K": corr2d(X.T, K),
        "X,K.T": corr2d(X, K.T),
        "X.T,K.T": corr2d(X.T, K.T),
    }
    ### END SOLUTION


# %% [markdown]
# ## 3.3 Quiz
#
# Answer on paper first, then check with your code. Some questions take their numbers
# from your student id, so your neighbour's answers are not yours: in JupyterHub your
# login is used; elsewhere set it first (`export AUTOGRADER_STUDENT=your_login`, or
# `os.environ["AUTOGRADER_STUDENT"] = "your_login"` in the first cell). Run the next
# cells to see your variant, then fill in `answers()`: a dict from question id to answer
# (an int, a tuple of ints, or one letter for a single choice).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"
EDGE = "K = [[1, -1]]"
SHAPE_PARAMS = {"h": range(5, 13), "w": range(5, 13), "kh": (1, 2), "kw": (3, 4)}
SHAPE_HINT = (
    "X.T has shape (W, H) and G.T has shape (kw, kh); the output is "
    "(rows - kernel rows + 1, columns - kernel columns + 1)"
)

QUESTIONS = [
    Question(
        "signs", "shape", 1,
        f"{EDGE}, X = torch.tril(torch.ones(6, 6)) (1 on and below the diagonal) and "
        "Z = 1 - X (1 strictly above it). Every non-zero entry of corr2d(Z, K) has the "
        "same sign, and likewise for corr2d(Z.T, K), corr2d(Z, K.T) and corr2d(Z.T, K.T). "
        "Give the four signs, in that order, as a tuple of four ints, each +1 or -1.",
        ndim=4,
        hint="Z = 1 - X swaps the 0s and 1s, so every difference changes sign; work out "
        "corr2d(Z, K)[i, j] = Z[i, j] - Z[i, j + 1] on a 3x3 example",
    ),
    Question(
        "where_ZT_K", "single", 1,
        "Same K and Z: where are the non-zero entries of corr2d(Z.T, K)?",
        options={
            "a": "on the main diagonal, at (i, i)",
            "b": "on the sub-diagonal, at (i + 1, i)",
            "c": "on the super-diagonal, at (i, i + 1)",
            "d": "nowhere: it is all zeros",
        },
        hint="write out corr2d(Z.T, K)[i, j] = Z[j, i] - Z[j + 1, i] and find where it is "
        "not 0",
    ),
    Question(
        "nonzeros_diagonal", "integer", 1,
        f"{EDGE} and X = torch.tril(torch.ones({{n}}, {{n}})): how many non-zero entries "
        "has corr2d(X.T, K)?",
        {"n": range(5, 40)},
        hint="count the rows of X.T in which the intensity steps from one value to another",
    ),
    Question(
        "nonzeros_stripe", "integer", 1,
        f"{EDGE} and a stripe image, X = torch.ones({{h}}, {{w}}) with X[:, {{a}}:{{b}}] = 0. "
        "How many non-zero entries has corr2d(X.T, K.T)?",
        {"h": range(4, 12), "w": range(9, 16), "a": (1, 2, 3), "b": (5, 6, 7, 8)},
        hint="use the identity of the 'identity' question, then count the edges that "
        "corr2d(X, K) finds",
    ),
    Question(
        "shape_XT_K", "shape", 1,
        "X has shape ({h}, {w}) and a kernel G has shape ({kh}, {kw}). What is the shape "
        "of corr2d(X.T, G)?",
        SHAPE_PARAMS, ndim=2, hint=SHAPE_HINT,
    ),
    Question(
        "shape_X_KT", "shape", 1,
        "X has shape ({h}, {w}) and a kernel G has shape ({kh}, {kw}). What is the shape "
        "of corr2d(X, G.T)?",
        SHAPE_PARAMS, ndim=2, hint=SHAPE_HINT,
    ),
    Question(
        "shape_XT_KT", "shape", 1,
        "X has shape ({h}, {w}) and a kernel G has shape ({kh}, {kw}). What is the shape "
        "of corr2d(X.T, G.T)?",
        SHAPE_PARAMS, ndim=2, hint=SHAPE_HINT,
    ),
    Question(
        "identity", "single", 1,
        "Which of these holds for every 2-D X and kernel G (that fit)?",
        options={
            "a": "corr2d(X.T, G) == corr2d(X, G).T",
            "b": "corr2d(X.T, G.T) == corr2d(X, G).T",
            "c": "corr2d(X.T, G.T) == corr2d(X, G)",
            "d": "corr2d(X, G.T) == corr2d(X, G).T",
        },
        hint="rename the summation indices in corr2d(X.T, G.T)[i, j]; compare the shapes "
        "of both sides when kh != kw",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id: e.g. {"signs": (1, 1, -1, -1), "where_ZT_K": "a", ...}."""
    ### BEGIN SOLUTION
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    K = torch.tensor([[1.0, -1.0]])
    Z = 1 - torch.tril(torch.ones(6, 6))
    n = v["nonzeros_diagonal"]["n"]
    X = torch.tril(torch.ones(n, n))
    s = v["nonzeros_stripe"]
    stripe = torch.ones(s["h"], s["w"])
    stripe[:, s["a"] : s["b"]] = 0

    def sign(Y: Tensor) -> int:
        return int(torch.sign(Y[Y != 0][0]))

    def shape(qid: str, transpose_x: bool, transpose_g: bool) -> tuple[int, ...]:
        q = v[qid]
        x, g = torch.zeros(q["h"], q["w"]), torch.zeros(q["kh"], q["kw"])
        return tuple(corr2d(x.T if transpose_x else x, g.T if transpose_g else g).shape)

    return {
        "signs": tuple(sign(corr2d(a, b)) for a, b in ((Z, K), (Z.T, K), (Z, K.T), (Z.T, K.T))),
        "where_ZT_K": "b",
        "nonzeros_diagonal": int(torch.count_nonzero(corr2d(X.T, K))),
        "nonzeros_stripe": int(torch.count_nonzero(corr2d(stripe.T, K.T))),
        "shape_XT_K": shape("shape_XT_K", True, False),
        "shape_X_KT": shape("shape_X_KT", False, True),
        "shape_XT_KT": shape("shape_XT_KT", True, True),
        "identity": "b",
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal, `pytest tests/public/test_transposes.py`, or
# run the cell below in the notebook. Hidden checks, used for grading, try random
# non-square shapes, non-contiguous inputs and dtypes, and grade the quiz.
#
# In a notebook, any cell can run `check("transposes")`, or only the checks whose name contains
# a word: `check("transposes", "stripe")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("transposes")
