# %% [markdown]
# # Exercise 5: cross-correlation as one matrix product
#
# Cross-correlation is **linear** in the input: double X and the output doubles; add
# two inputs and the outputs add. Every linear map between finite vectors is a
# matrix. So if we flatten the input $X$ of shape $(H, W)$ into a vector $x$ of
# length $H W$ and the output $Y$ of shape $(o_h, o_w)$ into a vector $y$ of length
# $o_h o_w$, there is a matrix $M$ of shape $(o_h o_w, H W)$ with
#
# $$y = M x.$$
#
# This exercise builds that matrix, then the way libraries really turn a convolution
# into a matrix product: **im2col** ("image to columns"), which copies every window
# of the input into a column and multiplies all windows by all kernels at once.
#
# **Conventions.** Flattening is row-major, as `X.flatten()` does it: `X[a, b]`
# sits at index `a * W + b`, and output `Y[i, j]` at index `i * o_w + j`.
# Cross-correlation, as in corr2d: $Y[i, j] = \sum_{a, b} X[i + a, j + b]\, K[a, b]$.
# Results keep the input's dtype and device, and stay differentiable. You may not
# call the library convolution (`F.conv2d`, ...) nor the library im2col
# (`F.unfold`, `nn.Unfold`): writing them is the point. (The tensor method
# `X.unfold(dim, size, step)`, a sliding-window *view*, is a different thing and is
# allowed.) Check your work with `pytest tests/public/test_conv_as_matmul.py`.

# %%
import torch
from torch import Tensor


def _pair(value: int | tuple[int, int]) -> tuple[int, int]:
    """An int or an (h, w) pair, as an (h, w) pair."""
    if isinstance(value, int):
        return value, value
    h, w = value
    return int(h), int(w)


# %% [markdown]
# ## 5.1 The kernel matrix
#
# Which entries of $x$ does output $y_r$, $r = i\, o_w + j$, read? Exactly the
# window $X[i : i + k_h,\; j : j + k_w]$, each multiplied by the kernel entry at the
# same place in the window. So **row $r$ of $M$ holds the kernel $K$ itself**,
# written into an otherwise-zero $H \times W$ image at offset $(i, j)$, then
# flattened: $M[r,\, (i + a) W + (j + b)] = K[a, b]$, and every other entry of the
# row is zero. Each row has $k_h k_w$ non-zeros; moving one output to the right
# shifts the kernel one column to the right, so $M$ is block-Toeplitz with Toeplitz
# blocks (a "doubly block Toeplitz" matrix).
#
# Worked example, the textbook's: $X$ is $3 \times 3$ and `K = [[0, 1], [2, 3]]`, so
# the output is $2 \times 2$ and $M$ is $4 \times 9$:
#
# ```
#        x:  X00 X01 X02 X10 X11 X12 X20 X21 X22
# y0 (0,0) [  0   1   .   2   3   .   .   .   . ]
# y1 (0,1) [  .   0   1   .   2   3   .   .   . ]
# y2 (1,0) [  .   .   .   0   1   .   2   3   . ]
# y3 (1,1) [  .   .   .   .   0   1   .   2   3 ]
# ```
#
# With `X = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]`, row 0 gives `1*1 + 2*3 + 3*4 = 19`:
# `M @ X.flatten()` is `[19, 25, 37, 43]`, corr2d's answer.
#
# **A popular wrong answer: "flip the kernel first".** You will often read that a
# convolution becomes a matrix product by filling a Toeplitz matrix with the
# *flipped* kernel. That recipe is for the *true* convolution of signal processing,
# which flips the kernel by definition. For the cross-correlation that deep-learning
# libraries compute, the rows of $M$ hold $K$ as it is, at shifted offsets: a flipped
# kernel in row 0 above would give `3*0 + 2*1 + 1*3 + 0*4 = 5`, not 19. The flip
# does turn up in one place: the **transpose**. Since $y = M x$, the gradient of a
# loss with respect to $x$ is $M^\top g$, where $g$ is the gradient with respect to
# $y$. Column $p$ of $M$ holds the kernel entries that pixel $p$ met, seen from the
# pixel's side, i.e. flipped; so $M^\top g$ is a full-padded correlation of $g$ with
# the *flipped* kernel. That is the backward pass of a convolution layer, and the
# reason this operation is called a **transposed convolution**.
#
# Write `kernel_matrix` with a loop over the output positions (it is small teaching
# code; speed does not matter here). Allocate with `K.new_zeros(...)` so the dtype
# and device follow K, and write K into each row (viewed as an $H \times W$ image).


# %%
def kernel_matrix(K: Tensor, H: int, W: int) -> Tensor:
    """The matrix of cross-correlation with K on (H, W) inputs.

    Args:
        K: kernel, shape (kh, kw), with kh <= H and kw <= W.
        H: input height.
        W: input width.

    Returns:
        M, shape (oh * ow, H * W) with oh = H - kh + 1 and ow = W - kw + 1, same
        dtype and device as K, such that for any X of shape (H, W)
        (M @ X.flatten()).view(oh, ow) == corr2d(X, K). Row i * ow + j holds K at
        columns (i + a) * W + (j + b), zeros elsewhere.

    Raises:
        ValueError: if K is not 2-D or is larger than (H, W).
    """
    ### BEGIN SOLUTION
    if K.dim() != 2:
        raise ValueError(f"kernel_matrix needs a 2-D kernel, got {tuple(K.shape)}")
    kh, kw = K.shape
    if kh > H or kw > W:
        raise ValueError(f"kernel {tuple(K.shape)} is larger than the input ({H}, {W})")
    oh, ow = H - kh + 1, W - kw + 1
    M = K.new_zeros((oh * ow, H * W))
    for i in range(oh):
        for j in range(ow):
            # Row i*ow + j, seen as an H x W image: K itself (not flipped) at (i, j).
            M[i * ow + j].view(H, W)[i : i + kh, j : j + kw] = K
    return M
    ### END SOLUTION


# %% [markdown]
# ## 5.2 im2col
#
# $M$ is almost all zeros: each row has $k_h k_w$ non-zeros among $H W$ entries.
# Libraries never build it. **im2col** keeps only what the non-zeros meet: for every
# output position it copies the window of the input into a column. For a batch $X$
# of shape $(N, C, H, W)$ and a $k_h \times k_w$ kernel the result has shape
#
# $$(N,\; C k_h k_w,\; L), \qquad L = o_h o_w,$$
#
# with the rows in the order of `weight.reshape(O, C * kh * kw)`: **channel outer,
# then kernel row, then kernel column**, row index $c\, k_h k_w + a\, k_w + b$;
# and the columns in row-major order of output positions, $l = i\, o_w + j$. This is
# exactly `F.unfold`'s layout, which you must reproduce (without calling it).
#
# With stride $s$, per-side zero padding $p$ and dilation $d$ (the kernel's taps
# are $d$ apart), column $(i, j)$ at kernel offset $(a, b)$ reads the padded input at
# row $i s_h + a d_h$ and column $j s_w + b d_w$, and along each dimension
#
# $$o = \left\lfloor \frac{n + 2p - d (k - 1) - 1}{s} \right\rfloor + 1.$$
#
# Worked example: `X = arange(12.).view(1, 1, 3, 4)` and a $2 \times 3$ kernel
# ($o_h = 2$, $o_w = 2$) give a $(1, 6, 4)$ result,
# `[[[0, 1, 4, 5], [1, 2, 5, 6], [2, 3, 6, 7], [4, 5, 8, 9], [5, 6, 9, 10], [6, 7, 10, 11]]]`:
# one row per kernel tap $(a, b)$, $a$ outer (6 rows $= k_h k_w$), listing the input
# value under that tap for each of the 4 windows, so column $l$ is window $l$
# flattened (4 columns $= o_h o_w$).
#
# A way to write it: pad once into a new zero tensor, then loop over the $k_h k_w$
# kernel offsets (not over the output positions): for each offset one strided slice
# `Xp[:, :, a*dh : ... : sh, b*dw : ... : sw]` of shape $(N, C, o_h, o_w)$ holds
# that tap for every window. Stack the slices so that the offset index comes
# *after* the channel index, then reshape.
#
# **Memory.** im2col copies each input value once per kernel tap that reads it:
# with stride 1 and "same" padding its output is about $k_h k_w$ times as large as
# the input (9 times for a $3 \times 3$ kernel). That is the price of turning the
# whole convolution into one large, fast matrix product.


# %%
def im2col(
    X: Tensor,
    kh: int,
    kw: int,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
) -> Tensor:
    """Copy every kh x kw window of a batch of images into a column.

    Args:
        X: input, shape (N, C, H, W).
        kh: kernel height.
        kw: kernel width.
        stride: step between windows, int or (sh, sw); positive.
        padding: zeros added on EACH side, int or (ph, pw); not negative.
        dilation: spacing between kernel taps, int or (dh, dw); positive.

    Returns:
        cols, shape (N, C * kh * kw, oh * ow), same dtype and device as X, with
        o = floor((n + 2p - d * (k - 1) - 1) / s) + 1 along each dimension and
        cols[n, c * kh * kw + a * kw + b, i * ow + j]
            == Xpadded[n, c, i * sh + a * dh, j * sw + b * dw]
        (the layout of F.unfold).

    Raises:
        ValueError: if X is not 4-D, an argument is out of range, or the dilated
            kernel is larger than the padded input.
    """
    ### BEGIN SOLUTION
    if X.dim() != 4:
        raise ValueError(f"im2col needs X of shape (N, C, H, W), got {tuple(X.shape)}")
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    if min(sh, sw, dh, dw, kh, kw) < 1 or min(ph, pw) < 0:
        raise ValueError(
            f"need kernel, stride and dilation >= 1 and padding >= 0, got kernel "
            f"({kh}, {kw}), stride {stride}, padding {padding}, dilation {dilation}"
        )
    N, C, H, W = X.shape
    oh = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    if oh < 1 or ow < 1:
        raise ValueError("the dilated kernel is larger than the padded input")
    Xp = X.new_zeros((N, C, H + 2 * ph, W + 2 * pw))
    Xp[:, :, ph : ph + H, pw : pw + W] = X
    # One strided slice per kernel tap (a, b): that tap's value for every window.
    taps = [
        Xp[:, :, a * dh : a * dh + sh * (oh - 1) + 1 : sh,
           b * dw : b * dw + sw * (ow - 1) + 1 : sw]
        for a in range(kh)
        for b in range(kw)
    ]
    # dim=2 puts the tap index after the channel: row c * kh * kw + a * kw + b.
    return torch.stack(taps, dim=2).reshape(N, C * kh * kw, oh * ow)
    ### END SOLUTION


# %% [markdown]
# ## 5.3 A convolution layer as one matrix product
#
# Reshape the weight $(O, C, k_h, k_w)$ to $(O, C k_h k_w)$: its columns are in the
# same order as im2col's rows, so
#
# $$\underbrace{(O,\; C k_h k_w)}_{\text{weight}} \;@\;
#   \underbrace{(N,\; C k_h k_w,\; L)}_{\text{im2col}(X)}
#   \;=\; (N,\; O,\; L)$$
#
# is the whole layer: every kernel against every window of every image, in **one**
# matrix product (`@` broadcasts the weight over the batch). Do not loop over the
# samples or the channels: one large product is what makes this fast, and it is
# what cuDNN's and oneDNN's GEMM-based algorithms do. The bias, shape $(O,)$, is one
# number per *output channel*: add it along dimension 1 (`b.view(1, O, 1)`). Then
# reshape $(N, O, L)$ to $(N, O, o_h, o_w)$.


# %%
def conv2d_im2col(
    X: Tensor,
    W: Tensor,
    b: Tensor | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
) -> Tensor:
    """A 2-D convolution layer (cross-correlation) as one matrix product.

    Args:
        X: input, shape (N, C, H, W).
        W: weight, shape (O, C, kh, kw).
        b: bias, shape (O,), or None.
        stride: int or (sh, sw).
        padding: zeros on EACH side, int or (ph, pw).
        dilation: int or (dh, dw).

    Returns:
        Y, shape (N, O, oh, ow), equal to F.conv2d(X, W, b, stride, padding,
        dilation), computed with im2col and a single matrix product.

    Raises:
        ValueError: if the shapes do not fit together.
    """
    ### BEGIN SOLUTION
    if X.dim() != 4 or W.dim() != 4 or X.shape[1] != W.shape[1]:
        raise ValueError(
            f"expected X (N, C, H, W) and W (O, C, kh, kw) with the same C, "
            f"got {tuple(X.shape)} and {tuple(W.shape)}"
        )
    N, C, height, width = X.shape
    O, _, kh, kw = W.shape
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    oh = (height + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (width + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    cols = im2col(X, kh, kw, stride, padding, dilation)  # (N, C*kh*kw, L)
    Y = W.reshape(O, C * kh * kw) @ cols  # (N, O, L): one product for the batch
    if b is not None:
        Y = Y + b.view(1, O, 1)  # one bias per output channel
    return Y.reshape(N, O, oh, ow)
    ### END SOLUTION


# %% [markdown]
# ## 5.4 Quiz
#
# Answer on paper first, then check with your code. Some questions take their numbers
# from your student id, so your neighbour's answers are not yours: in JupyterHub your
# login is used; elsewhere set it first (`export AUTOGRADER_STUDENT=your_login`, or
# `os.environ["AUTOGRADER_STUDENT"] = "your_login"` in the first cell). Run the next
# cells to see your variant, then fill in `answers()`: a dict from question id to answer
# (an int, or one letter for a single choice).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"
NUMEL_HINT = (
    "im2col returns N * (C*kh*kw) * (oh*ow) elements, about kh*kw/(sh*sw) times the "
    "input's; along each dimension o = floor((n + 2p - d*(k-1) - 1) / s) + 1"
)

QUESTIONS = [
    Question(
        "im2col_numel_a", "integer", 1,
        "X has shape ({n}, {c}, {h}, {w}). How many elements does "
        "im2col(X, {kp[0]}, {kp[0]}, padding={kp[1]}) return? Compare with X.numel().",
        {
            "n": (2, 4, 8, 16),
            "c": (16, 32, 64, 128),
            "h": (14, 28, 32, 56),
            "w": (14, 28, 32, 56),
            "kp": ((3, 1), (5, 2)),
        },
        hint=NUMEL_HINT,
    ),
    Question(
        "im2col_numel_b", "integer", 1,
        "The first layer of an image network: X has shape ({n}, 3, {h}, {w}). How "
        "many elements does im2col(X, {kp[0]}, {kp[0]}, stride={s}, "
        "padding={kp[1]}) return?",
        {
            "n": (1, 2, 4),
            "h": range(150, 260),
            "w": range(150, 260),
            "kp": ((5, 2), (7, 3), (11, 5)),
            "s": (2, 3, 4),
        },
        hint=NUMEL_HINT,
    ),
    Question(
        "dense_toeplitz", "single", 1,
        "Why do libraries not compute a convolution layer as "
        "kernel_matrix(K, H, W) @ x?",
        options={
            "a": "Because M only works for stride 1; strided convolutions have no "
            "matrix.",
            "b": "Because M must be filled with the flipped kernel, and flipping costs "
            "a copy of the weights at every step.",
            "c": "Because M has (oh*ow) x (H*W) entries of which only kh*kw per row "
            "are non-zero: for a 224 x 224 image and a 3 x 3 kernel that is about "
            "2.5e9 entries per channel pair, nearly all zeros, so the memory and the "
            "multiplications by zero are wasted; im2col (or direct, Winograd and "
            "FFT algorithms) use only the kh*kw taps.",
            "d": "Because autograd cannot differentiate a matrix product with respect "
            "to the entries of M.",
        },
        hint="count M's entries for a 224x224 image, and how many of them are zeros",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id.

    For example: {"im2col_numel_a": 1234, "im2col_numel_b": 5678,
    "dense_toeplitz": "a"}.
    """
    ### BEGIN SOLUTION
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}

    def numel(qid: str) -> int:
        # The reference im2col on a "meta" tensor: shapes only, no memory.
        q = v[qid]
        (k, p), s = q["kp"], q.get("s", 1)
        X = torch.empty(q["n"], q.get("c", 3), q["h"], q["w"], device="meta")
        return im2col(X, k, k, stride=s, padding=p).numel()

    return {
        # N * (C * k * k) * (oh * ow): with "same" padding, k * k times X.numel().
        "im2col_numel_a": numel("im2col_numel_a"),
        # oh = (h + 2p - k) // s + 1: about k * k / s**2 times X.numel().
        "im2col_numel_b": numel("im2col_numel_b"),
        "dense_toeplitz": "c",
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal, `pytest tests/public/test_conv_as_matmul.py`,
# or run the cell below in the notebook. Hidden checks, used for grading, try random
# shapes, strides, paddings and dilations, gradients, and count your matrix products.
#
# In a notebook, any cell can run `check("conv_as_matmul")`, or only the checks whose name contains
# a word: `check("conv_as_matmul", "im2col")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("conv_as_matmul")
