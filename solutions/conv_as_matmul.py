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
# Last, where convolution comes from (a fully connected layer, constrained twice),
# and the way back: a fully connected layer written as a convolution.
#
# **Conventions.** Flattening is row-major, as `X.flatten()` does it: `X[a, b]`
# sits at index `a * W + b`, and output `Y[i, j]` at index `i * o_w + j`.
# Cross-correlation, as in corr2d: $Y[i, j] = \sum_{a, b} X[i + a, j + b]\, K[a, b]$.
# Results keep the input's dtype and device, and stay differentiable. In
# `kernel_matrix`, `im2col` and `conv2d_im2col`,
# you may not call the library convolution (`F.conv2d`, ...) nor the library im2col
# (`F.unfold`, `nn.Unfold`): writing them is the point (the last two parts only
# rearrange weights, and may use anything). (The tensor method
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
# ## 5.4 Where convolution comes from: a dense layer, constrained twice
#
# Start from the most general linear layer on a one-channel image $X$ of shape
# $(h, w)$: every output of a hidden image $H$ of the same shape sees every pixel,
#
# $$H[i, j] = \sum_{k, l} \mathsf{W}[i, j, k, l]\; X[k, l].$$
#
# $\mathsf{W}$ has $(h w)^2$ entries: for a $1000 \times 1000$ image, $10^{12}$
# weights in one layer. Two assumptions about images bring that down.
#
# **Translation invariance.** What detects an edge at the top left should detect it
# at the bottom right: shifting $X$ should only shift $H$. Then a weight can depend
# only on the **offset** $(a, b) = (k - i, l - j)$ from the output to the pixel,
# $\mathsf{W}[i, j, i + a, j + b] = V[a, b]$, and
#
# $$H[i, j] = \sum_{a, b} V[a, b]\; X[i + a, j + b]:$$
#
# the same weights at every position, which is **weight sharing**. Offsets run from
# $-(h - 1)$ to $h - 1$ down and from $-(w - 1)$ to $w - 1$ across, so $V$ has
# $(2h - 1)(2w - 1)$ entries, about $4 h w$ instead of $(h w)^2$: $1999^2 =
# 3{,}996{,}001$ for the $1000 \times 1000$ image.
#
# **Locality.** What happens at a pixel is decided mostly by its neighbours. Set
# $V[a, b] = 0$ unless $|a| \le \Delta$ and $|b| \le \Delta$:
#
# $$H[i, j] = \sum_{a = -\Delta}^{\Delta} \sum_{b = -\Delta}^{\Delta} V[a, b]\;
#   X[i + a, j + b].$$
#
# That is a cross-correlation with a $(2\Delta + 1) \times (2\Delta + 1)$ kernel
# (indexed from $-\Delta$ rather than from 0): $(2\Delta + 1)^2 = 121$ weights for
# $\Delta = 5$, whatever the size of the image. With channels, $V$ gains an input
# and an output channel index: the $(O, C, k_h, k_w)$ weight of a convolution layer.
#
# Each assumption has its price.
#
# - *Invariance*: the layer cannot treat positions differently. It cannot learn from
#   its weights that the sky is usually at the top, or that a digit sits in the
#   middle; only the zero padding at the borders tells positions apart.
# - *Locality*: one layer cannot relate pixels that are far apart. An output sees
#   $2\Delta + 1$ pixels across; a stack of $L$ layers of $3 \times 3$ kernels sees
#   $2L + 1$, so 112 such layers alone would be needed before one output sees across a
#   224-pixel image. Depth must build the wide view, and pooling and strides make it
#   grow faster than one pixel per side per layer.
#
# Where the assumptions hold, the model has far fewer weights to learn, and each one is
# trained by every position of every image; where they do not, no amount of data
# undoes them.


# %% [markdown]
# ## 5.5 The converse: a fully connected layer as a full-size convolution
#
# Going back costs nothing. Take a batch of inputs $x$ of shape $(N, C, H, W)$ and a
# fully connected layer (`nn.Linear`) whose weight $A$, of shape $(O,\, C H W)$, acts
# on them flattened as `x.flatten(1)` flattens them: channel outer, then row, then
# column, so $x[n, c, h, w]$ is entry $c H W + h W + w$ of row $n$, and
#
# $$y[n, o] = \sum_{c, h, w} A[o,\; c H W + h W + w]\; x[n, c, h, w].$$
#
# A convolution whose kernel $K$, of shape $(O, C, H, W)$, is as large as its input has
# exactly one window: `F.conv2d(x, K)` has shape $(N, O, 1, 1)$ and entry
# $\sum_{c, h, w} K[o, c, h, w]\, x[n, c, h, w]$. The two agree when
# $K[o, c, h, w] = A[o,\; c H W + h W + w]$: **each row of the weight, unflattened
# into a $(C, H, W)$ image**, which is what `reshape` does, in the same row-major
# order. Conversely, a convolution whose kernel covers its whole input is a fully
# connected layer with weight `K.reshape(O, -1)`. The bias, one number per output,
# is the same in both.
#
# Worked example, from the CS231n notes: a network brings a $224 \times 224 \times 3$
# image down to a $7 \times 7 \times 512$ volume, then has a fully connected layer of
# 4096 units. (The notes speak of AlexNet, but these are VGG-16's numbers:
# AlexNet's own last convolution gives $6 \times 6 \times 256$.) As a convolution,
# that layer is a $7 \times 7$ kernel with 512 input and 4096 output channels:
# $7 \cdot 7 \cdot 512 \cdot 4096 = 102{,}760{,}448$ weights, exactly the
# $4096 \times 25{,}088$ of the fully connected layer, rearranged.
#
# **Why it matters: the network becomes fully convolutional.** A fully connected layer
# takes inputs of one size only. The same weights as a convolution take any larger
# input and slide over it. A $384 \times 384$ image gives a $12 \times 12 \times 512$
# volume (this network divides the size by 32), and the $7 \times 7$ kernel then gives
# a $6 \times 6$ **map of outputs**: in one pass, the network's answer for each of the
# 36 crops of $224 \times 224$ pixels taken 32 pixels apart, with the work of the
# overlapping crops shared (up to the borders: inside the large image, a crop's edge
# sees real pixels where the crop alone would see zero padding). The next layers
# (4096 to 4096 to 1000 units) become $1 \times 1$ convolutions, `in_shape`
# $(4096, 1, 1)$. This is how a classifier scores many positions in one pass
# (OverFeat), and where fully convolutional networks for segmentation start.
#
# Write both directions. Each is one `reshape`; the work is in getting the order right
# and in refusing a weight that does not fit `in_shape` (a reshape of the wrong size
# fails with an unhelpful message, or silently succeeds when the sizes happen to
# multiply out the same).


# %%
def fc_as_conv_weight(weight: Tensor, in_shape: tuple[int, int, int]) -> Tensor:
    """The kernel of the full-size convolution that computes a fully connected layer.

    Args:
        weight: weight of a fully connected layer, shape (O, C * H * W), acting on
            inputs x of shape (N, C, H, W) flattened as x.flatten(1) flattens them
            (channel outer, then row, then column).
        in_shape: (C, H, W), the shape of one input.

    Returns:
        kernel, shape (O, C, H, W), same dtype and device as weight, with
        kernel[o, c, h, w] == weight[o, c * H * W + h * W + w]; so F.conv2d(x, kernel),
        of shape (N, O, 1, 1), flattened is F.linear(x.flatten(1), weight).

    Raises:
        ValueError: if weight is not 2-D, or in_shape is not three positive ints,
            or weight does not have C * H * W columns.
    """
    ### BEGIN SOLUTION
    if weight.dim() != 2:
        raise ValueError(
            f"fc_as_conv_weight needs a 2-D weight (O, C*H*W), "
            f"got {tuple(weight.shape)}"
        )
    if len(in_shape) != 3 or not all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in in_shape
    ):
        raise ValueError(
            f"in_shape must be three positive ints (C, H, W), got {in_shape!r}"
        )
    C, H, W = in_shape
    if weight.shape[1] != C * H * W:
        raise ValueError(
            f"weight {tuple(weight.shape)} does not fit in_shape {tuple(in_shape)}: "
            f"it needs C*H*W = {C * H * W} columns"
        )
    # Row o of the weight, unflattened the way x.flatten(1) flattened the input.
    return weight.reshape(weight.shape[0], C, H, W)
    ### END SOLUTION


# %%
def conv_as_fc_weight(kernel: Tensor) -> Tensor:
    """The weight of the fully connected layer that a full-size convolution computes.

    Args:
        kernel: convolution weight, shape (O, C, H, W), applied to inputs of shape
            (N, C, H, W): the kernel covers the whole input.

    Returns:
        weight, shape (O, C * H * W), same dtype and device as kernel, with
        weight[o, c * H * W + h * W + w] == kernel[o, c, h, w]; so
        F.linear(x.flatten(1), weight) is F.conv2d(x, kernel) flattened.

    Raises:
        ValueError: if kernel is not 4-D.
    """
    ### BEGIN SOLUTION
    if kernel.dim() != 4:
        raise ValueError(
            f"conv_as_fc_weight needs a 4-D kernel (O, C, H, W), "
            f"got {tuple(kernel.shape)}"
        )
    return kernel.reshape(kernel.shape[0], -1)
    ### END SOLUTION


# %% [markdown]
# ## 5.6 Quiz
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
    Question(
        "fc_as_conv_weights", "integer", 1,
        "A network's last convolution gives a volume of {s} x {s} pixels with {c} "
        "channels, and a fully connected layer of {o} units follows. Written as a "
        "convolution, how many weights does that layer's kernel have (without the "
        "bias)?",
        {
            "s": (5, 6, 7, 8, 9),
            "c": (128, 192, 256, 384, 512),
            "o": (1000, 1024, 2048, 4096),
        },
        hint="the kernel covers the whole input volume: shape (O, C, H, W), as many "
        "weights as the fully connected layer's (O, C*H*W)",
    ),
    Question(
        "fully_conv_map", "integer", 1,
        "Another network ends in fully connected layers on the {sm[0]} x {sm[0]} "
        "volume of its last convolution. Made fully convolutional, its first fully "
        "connected layer becomes a convolution with kernel size {sm[0]} x {sm[0]}, the "
        "later ones 1 x 1 convolutions. On a larger image the last convolution gives "
        "a volume of {sm[1]} x {sm[1]} pixels. How many positions does the map of "
        "outputs have (height times width)?",
        {"sm": ((5, 9), (5, 13), (6, 10), (6, 14), (7, 12), (7, 16), (8, 15), (9, 17))},
        hint="a k x k kernel without padding, stride 1, slides over n - k + 1 "
        "positions along each dimension",
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
    "dense_toeplitz": "a", "fc_as_conv_weights": 1234, "fully_conv_map": 5}.
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

    def fc_weights() -> int:
        # The kernel of the fully connected layer, shapes only: O * C * s * s.
        q = v["fc_as_conv_weights"]
        weight = torch.empty(q["o"], q["c"] * q["s"] ** 2, device="meta")
        return fc_as_conv_weight(weight, (q["c"], q["s"], q["s"])).numel()

    def map_positions() -> int:
        # An s x s kernel over an m x m volume: im2col's columns, (m - s + 1) ** 2.
        s, m = v["fully_conv_map"]["sm"]
        return im2col(torch.empty(1, 1, m, m, device="meta"), s, s).shape[-1]

    return {
        # N * (C * k * k) * (oh * ow): with "same" padding, k * k times X.numel().
        "im2col_numel_a": numel("im2col_numel_a"),
        # oh = (h + 2p - k) // s + 1: about k * k / s**2 times X.numel().
        "im2col_numel_b": numel("im2col_numel_b"),
        "dense_toeplitz": "c",
        "fc_as_conv_weights": fc_weights(),
        "fully_conv_map": map_positions(),
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
