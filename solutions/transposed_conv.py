# %% [markdown]
# # Exercise 9: transposed convolution
#
# A convolution with stride shrinks its input: a $32 \times 32$ feature map becomes
# $16 \times 16$. Decoders, segmentation networks and image generators need the way
# back up, a layer that turns a small map into a larger one and still *learns* its
# kernel. That layer is the **transposed convolution** (`nn.ConvTranspose2d`).
#
# **What it computes.** Every input element *stamps* a copy of the kernel, scaled
# by its own value, onto the output; where stamps overlap, they **add**:
#
# $$Y[i + a,\; j + b] \mathrel{+}= X[i, j]\, K[a, b]
#   \qquad \text{for all } i, j, a, b.$$
#
# (A cross-correlation does the opposite: each *output* element *gathers* a
# window of the input. Gather versus scatter is the whole difference.) With an
# input of shape $(H, W)$ and a kernel of shape $(k_h, k_w)$ the stamps reach
# row $H - 1 + k_h - 1$ and column $W - 1 + k_w - 1$, so
#
# $$\text{output shape} = (H + k_h - 1,\; W + k_w - 1).$$
#
# Worked example (from the textbook): `X = K = [[0, 1], [2, 3]]`. The four stamps
# are `0*K` at (0, 0), `1*K` at (0, 1), `2*K` at (1, 0) and `3*K` at (1, 1):
#
# ```
#  0 0 .     . 0 1     . . .     . . .        0  0  1
#  0 0 .  +  . 2 3  +  0 2 .  +  . 0 3   =    0  4  6
#  . . .     . . .     4 6 .     . 6 9        4 12  9
# ```
#
# **Why "transposed".** In exercise 5 you wrote a cross-correlation as a matrix
# product, `y = M @ x`. The transposed convolution is exactly `M.T @ y`: row
# `(i, j)` of $M$ holds the kernel at offset $(i, j)$, so column `(i, j)` of
# $M^\top$ spreads $y_{ij}$ over that same window. And since the gradient of
# `M @ x` with respect to `x` is `M.T @ g`, **the backward pass of a convolution
# with respect to its input is a transposed convolution of the output gradient**
# with the very same weight tensor. Libraries compute one with the other.
#
# **A popular wrong answer: "deconvolution", the inverse of a convolution.** It is
# not. `M.T` has the shape of an inverse (it maps the small space back to the
# large one), but not its values: a transposed convolution restores the *shape*
# of the input, never the input itself (in general `M.T @ M` is not the identity;
# the quiz's roundtrip_center question below works one out).
#
# **Conventions.** Cross-correlation, NCHW, results keep the input's dtype and
# device, stay differentiable, and never modify the inputs. You may not call the
# library (transposed) convolution (`F.conv_transpose2d`, `F.conv2d`, ...) nor
# autograd (`torch.autograd.grad`, `.backward()`) to compute the result: the point
# is to write it yourself. Check your work with
# `pytest tests/public/test_transposed_conv.py`.

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
# ## 9.1 The basic form: `trans_conv`
#
# Loop over the **input** positions $(i, j)$ and add `X[i, j] * K` into the
# window `Y[i : i + kh, j : j + kw]`. Use `+=`, not `=`: as soon as the kernel is
# larger than $1 \times 1$ neighbouring stamps overlap, and an `=` keeps only the
# last one (in the example above, `=` gives `[[0, 0, 1], [0, 0, 3], [4, 6, 9]]`:
# `Y[1, 1]` keeps only the last stamp, `3 * 0`, instead of `0*3 + 1*2 + 2*1 + 3*0 = 4`).
# Allocate `Y` with the input's dtype and device.
#
# **A popular wrong answer: "a transposed convolution is a convolution with the
# flipped kernel".** Half right. `trans_conv(X, K)` equals the cross-correlation of
# `X`, zero-padded by $k - 1$ on every side, with the kernel flipped in both
# directions (`K.flip(0, 1)`). Forgetting the flip (correlating the padded input
# with `K` itself) gives `[[0, 3, 2], [6, 14, 6], [2, 3, 0]]` on the example: the
# transposed convolution with the flipped kernel. In the stamp form there is no
# flip at all: write `X[i, j] * K`, not `X[i, j] * K.flip(0, 1)`.


# %%
def trans_conv(X: Tensor, K: Tensor) -> Tensor:
    """Transposed convolution of a 2-D input with a 2-D kernel (stride 1, no padding).

    Args:
        X: input, shape (H, W).
        K: kernel, shape (kh, kw).

    Returns:
        Y, shape (H + kh - 1, W + kw - 1), same dtype and device as X, where every
        input element adds a scaled kernel: Y[i + a, j + b] += X[i, j] * K[a, b].

    Raises:
        ValueError: if X or K is not 2-D.
    """
    ### BEGIN SOLUTION
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError(
            f"trans_conv needs 2-D X and K, got {tuple(X.shape)} and {tuple(K.shape)}"
        )
    h, w = K.shape
    # X's dtype even when K's differs (+= casts each stamp to it).
    Y = torch.zeros(
        (X.shape[0] + h - 1, X.shape[1] + w - 1), dtype=X.dtype, device=X.device
    )
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            # Scatter: the stamps of neighbouring inputs overlap, so add.
            Y[i : i + h, j : j + w] += X[i, j] * K
    return Y
    ### END SOLUTION


# %% [markdown]
# ## 9.2 The output size, with stride, padding, output padding and dilation
#
# Follow one dimension of size $n$. With **stride** $s$ the stamp of input $i$
# starts at output $i s$ (the stride now spreads the *input* out; it is the
# stride of the convolution this layer undoes). With **dilation** $d$ kernel tap
# $a$ lands $a d$ further. The last stamp ends at $(n - 1) s + d (k - 1)$, so the
# uncropped output has $(n - 1) s + d (k - 1) + 1$ elements.
#
# **Padding crops.** In a convolution, padding $p$ adds zeros around the *input*;
# the transposed convolution undoes that, so it **removes** $p$ rows (and
# columns) from each side of its *output*. (A popular wrong answer adds $p$ zeros
# on each side instead: the output comes out $2p$ larger than the uncropped one
# instead of $2p$ smaller.)
#
# **Output padding breaks a tie.** A stride-$s$ convolution maps several input
# sizes to the same output size: with $k = 3$, $s = 2$, $p = 1$ both $n = 7$ and
# $n = 8$ give 4, and a transposed layer maps 4 back to
# $(4 - 1) \cdot 2 - 2 + 3 = 7$. It cannot guess that you wanted 8, so
# `output_padding` ($0 \le o$) adds $o$ more rows at the **bottom** and columns at
# the **right** (only there: the crop at the top is $p$, at the bottom $p - o$).
# Those rows hold real values (they were going to be cropped), not zeros, as long
# as $o \le p$; rows past the uncropped output are zeros: with $n = 2$, $k = 3$,
# $s = 3$, $p = 1$, $o = 2$ the last row and column are all zero. Altogether:
#
# $$n_\text{out} = (n - 1)\, s - 2 p + d (k - 1) + o + 1.$$
#
# PyTorch's rule: `output_padding` must be smaller than **either** the stride or
# the dilation (`o < s or o < d`); otherwise it is not breaking a tie but
# inventing rows, and is an error (raise `ValueError`). Example: $n = 7$, $k = 4$,
# $s = 2$, $p = 1$, $o = 1$ gives $12 - 2 + 3 + 1 + 1 = 15$.


# %%
def conv_transpose_output_size(
    n: int,
    k: int,
    stride: int = 1,
    padding: int = 0,
    output_padding: int = 0,
    dilation: int = 1,
) -> int:
    """The size of a transposed convolution's output along one dimension.

    Args:
        n: input size, at least 1.
        k: kernel size, at least 1.
        stride: stride of the stamps, at least 1.
        padding: rows cropped from each side of the output, at least 0.
        output_padding: rows added at the end, at least 0 and smaller than the
            stride or the dilation.
        dilation: spacing of the kernel taps, at least 1.

    Returns:
        (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.

    Raises:
        ValueError: if an argument is out of range, output_padding is neither
            smaller than the stride nor smaller than the dilation, or the size is
            not positive.
    """
    ### BEGIN SOLUTION
    if min(n, k, stride, dilation) < 1 or min(padding, output_padding) < 0:
        raise ValueError(
            f"need n, k, stride, dilation >= 1 and padding, output_padding >= 0, got "
            f"n={n}, k={k}, stride={stride}, padding={padding}, "
            f"output_padding={output_padding}, dilation={dilation}"
        )
    if not (output_padding < stride or output_padding < dilation):
        raise ValueError(
            f"output_padding ({output_padding}) must be smaller than either the stride "
            f"({stride}) or the dilation ({dilation})"
        )
    size = (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    if size < 1:
        raise ValueError(f"the output would have size {size}: the padding is too large")
    return size
    ### END SOLUTION


# %% [markdown]
# ## 9.3 The layer: `conv_transpose2d`
#
# Now with a batch and channels, as `F.conv_transpose2d` computes it (without
# bias and dilation). **The weight layout is `(C_in, C_out, kh, kw)`**, the
# reverse of a convolution's `(C_out, C_in, kh, kw)`: a transposed convolution
# maps $C_\text{in}$ channels back to $C_\text{out}$, and its weight is the same
# tensor as the convolution it undoes (that convolution maps $C_\text{out}$ to
# $C_\text{in}$). Input channel $c$ stamps `x[n, c, i, j] * w[c, o]` onto output
# channel $o$, summed over $c$:
#
# $$\text{full}[n, o,\; i s_h + a,\; j s_w + b] \mathrel{+}=
#   \sum_c x[n, c, i, j]\; w[c, o, a, b],$$
#
# then crop `padding` from the top and left and `padding - output_padding` from
# the bottom and right. Looping over every $(n, c, i, j)$ works but is slow.
# Turn the loop around: for each kernel tap $(a, b)$ the contributions of *all*
# inputs land on the strided grid `full[:, :, a::s_h, b::s_w]` (the first $H$
# rows and $W$ columns of it), and they are one channel-mixing product,
# `einsum("nchw,co->nohw", x, w[:, :, a, b])`. That is $k_h k_w$ vectorised
# steps. `stride`, `padding` and `output_padding` may each be an int or a pair.
#
# **Checkerboard artifacts.** With stride $s$, output row $t$ receives one stamp
# row from every input $i$ with $i s \le t \le i s + k - 1$. When $s$ divides $k$
# every row away from the borders receives $k / s$ stamps; otherwise the count
# alternates (for $k = 3$, $s = 2$: 1, 2, 1, 2, ...), and even a constant input
# comes out striped. In two dimensions the stripes cross into a checkerboard, a
# well-known blemish of images from generators built on transposed convolutions.
# Remedies: a kernel size divisible by the stride, or resizing then convolving.


# %%
def conv_transpose2d(
    x: Tensor,
    w: Tensor,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    output_padding: int | tuple[int, int] = 0,
) -> Tensor:
    """A batched, multi-channel transposed convolution (no bias, no dilation).

    Args:
        x: input, shape (N, C_in, H, W).
        w: weight, shape (C_in, C_out, kh, kw) (PyTorch's transposed-conv layout).
        stride: stride of the stamps, at least 1; an int or a pair (sh, sw).
        padding: rows/columns cropped from each side of the output, at least 0;
            an int or a pair (ph, pw).
        output_padding: rows/columns added at the bottom/right, at least 0 and
            smaller than the stride; an int or a pair (oh, ow).

    Returns:
        y, shape (N, C_out, (H - 1) * sh - 2 * ph + kh + oh,
        (W - 1) * sw - 2 * pw + kw + ow), same dtype and device as x, equal to
        F.conv_transpose2d(x, w, None, stride, padding, output_padding).

    Raises:
        ValueError: if x or w is not 4-D, or x.shape[1] != w.shape[0], or an
            argument is out of range, or output_padding is not smaller than the
            stride, or the output would be empty.
    """
    ### BEGIN SOLUTION
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[0]:
        raise ValueError(
            f"expected x (N, C_in, H, W) and w (C_in, C_out, kh, kw) with the same "
            f"C_in, got {tuple(x.shape)} and {tuple(w.shape)}"
        )
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    oph, opw = _pair(output_padding)
    if min(sh, sw) < 1 or min(ph, pw, oph, opw) < 0:
        raise ValueError(
            f"need stride >= 1 and padding, output_padding >= 0, got stride={stride}, "
            f"padding={padding}, output_padding={output_padding}"
        )
    if oph >= sh or opw >= sw:
        raise ValueError(
            f"output_padding {output_padding} must be smaller than the stride {stride}"
        )
    N, _, H, W = x.shape
    _, c_out, kh, kw = w.shape
    out_h = (H - 1) * sh - 2 * ph + kh + oph
    out_w = (W - 1) * sw - 2 * pw + kw + opw
    if out_h < 1 or out_w < 1:
        raise ValueError(f"the output would be empty: {(out_h, out_w)}")
    # The uncropped output, with the output padding already at the bottom/right.
    full = torch.zeros(
        (N, c_out, (H - 1) * sh + kh + oph, (W - 1) * sw + kw + opw),
        dtype=x.dtype,
        device=x.device,
    )
    w = w.to(x.dtype)  # the result has x's dtype, even when w's differs
    for a in range(kh):
        for b in range(kw):
            # Tap (a, b) of every stamp: input (i, j) lands at (i*sh + a, j*sw + b).
            rows = slice(a, a + (H - 1) * sh + 1, sh)
            cols = slice(b, b + (W - 1) * sw + 1, sw)
            full[:, :, rows, cols] += torch.einsum("nchw,co->nohw", x, w[:, :, a, b])
    return full[:, :, ph : ph + out_h, pw : pw + out_w]
    ### END SOLUTION


# %% [markdown]
# ## 9.4 Stride $s$ as a plain correlation: zero insertion
#
# Section 9.1's "popular wrong answer" has a true core: with stride 1,
# `trans_conv(X, K)` is the cross-correlation of `X`, padded by $k - 1$ on every side,
# with `K.flip(0, 1)`. The same holds for any stride, padding and output padding, in
# four steps (one dimension at a time; rows and columns alike):
#
# 1. **Insert $s - 1$ zeros between neighbouring input pixels** (not after the last
#    one): $n$ pixels become $(n - 1) s + 1$. The stride of a transposed convolution
#    spreads its *input* out, so this is where it goes.
# 2. **Pad $k - 1 - p$ zeros on each side**, plus $o$ (the output padding) more at the
#    end (bottom, right). Padding $p$ crops the full result, so it *removes* $p$ from
#    the $k - 1$ of the stride-1 case; when $p > k - 1$ the amount is below zero and
#    crops the spread input instead.
# 3. **Flip the kernel by 180 degrees** (`K.flip(0, 1)`: rows and columns).
# 4. **Cross-correlate with stride 1**, no further padding.
#
# Sizes: $(n - 1) s + 1 + 2 (k - 1 - p) + o - k + 1 = (n - 1) s - 2 p + k + o$, the
# formula of 9.2 with $d = 1$. Why the flip: the stamp of input $i$ puts $K[a]$ at
# output $i s + a$, so output $t$ gathers $X[i]\,K[t - i s]$; reading the spread,
# padded input from left to right meets the taps in the order $K[k - 1], \dots, K[0]$.
#
# Worked example, stride 2, `X = K = [[0, 1], [2, 3]]` (so $k - 1 - p = 1$):
#
# ```
#  zero_insert(X, 2)   padded by 1       flipped K      correlation
#                      0 0 0 0 0
#     0 0 1            0 0 0 1 0          3 2           0 0 0 1
#     0 0 0            0 0 0 0 0          1 0           0 0 2 3
#     2 0 3            0 2 0 3 0                        0 2 0 3
#                      0 0 0 0 0                        4 6 6 9
# ```
#
# which is what 9.3's `conv_transpose2d` gives with stride 2 (its public check shows
# the same numbers). With `padding=1` there is nothing left to pad ($k - 1 - p = 0$):
# correlating the $3 \times 3$ spread input gives `[[0, 2], [2, 0]]`, the centre of the
# result above.
#
# **Why it matters.** It says what the layer is: an ordinary stride-1 correlation of a
# zero-filled, spread-out image. Every output pixel is a weighted sum of the few real
# inputs its window covers, and which kernel taps meet them changes from one output
# pixel to the next: the checkerboard of 9.3, seen from the other side.
#
# **Two loose names.**
#
# - *"Deconvolution."* In signal processing a deconvolution inverts a convolution. A
#   transposed convolution does not: with `X = K = [[0, 1], [2, 3]]`,
#   `corr2d(trans_conv(X, K), K)` (a convolution layer after a transposed one, same
#   kernel) is `[[12, 27], [48, 57]]`, not `X`. It restores the shape, not the values.
# - *"Upsampling."* The layer makes a map larger, but "upsampling" usually names a
#   *fixed* interpolation without weights (`nn.Upsample`, `F.interpolate`). A
#   transposed convolution is a *learned* layer that upsamples; a special, fixed
#   kernel turns it into an interpolation: stride 2 with `K = [[1, 1], [1, 1]]` repeats
#   every pixel in a $2 \times 2$ block, which is nearest-neighbour upsampling:
#   `[[0, 1], [2, 3]]` becomes
#   `[[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3], [2, 2, 3, 3]]`.
#
# Write both steps yourself: `zero_insert` with slicing assignment into a new tensor of
# zeros, `trans_conv_by_correlation` from `zero_insert`, padding (`F.pad` is fine; a
# negative amount crops), `flip` and your own correlation (loops over the kernel taps,
# each adding a shifted window of the padded input). No library (transposed)
# convolution, and not `trans_conv` or `conv_transpose2d`: the point is that the four
# steps alone give the same numbers.


# %%
import torch.nn.functional as F


def zero_insert(X: Tensor, stride: int | tuple[int, int]) -> Tensor:
    """Spread a 2-D input out: stride - 1 zeros between neighbouring elements.

    Args:
        X: input, shape (H, W).
        stride: the spread; an int or a pair (sh, sw).

    Returns:
        D, shape ((H - 1) * sh + 1, (W - 1) * sw + 1), same dtype and device as X,
        with D[i * sh, j * sw] = X[i, j] and zeros everywhere else.

    Raises:
        ValueError: if X is not 2-D or is empty, or the stride is below 1.
    """
    ### BEGIN SOLUTION
    if X.dim() != 2 or X.numel() == 0:
        raise ValueError(
            f"zero_insert needs a non-empty 2-D X, got shape {tuple(X.shape)}"
        )
    sh, sw = _pair(stride)
    if min(sh, sw) < 1:
        raise ValueError(f"the stride must be at least 1, got {stride}")
    H, W = X.shape
    D = torch.zeros(
        ((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=X.dtype, device=X.device
    )
    # The last pixel lands on the last row and column: no zeros after it.
    D[::sh, ::sw] = X
    return D
    ### END SOLUTION


# %%
def trans_conv_by_correlation(
    X: Tensor,
    K: Tensor,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    output_padding: int | tuple[int, int] = 0,
) -> Tensor:
    """A transposed convolution computed as a stride-1 cross-correlation.

    Args:
        X: input, shape (H, W).
        K: kernel, shape (kh, kw).
        stride, padding, output_padding: each an int or a pair (for rows, columns);
            (sh, sw), (ph, pw), (oh, ow) below.

    Returns:
        Y, shape ((H - 1) * sh - 2 * ph + kh + oh, (W - 1) * sw - 2 * pw + kw + ow),
        same dtype and device as X: the cross-correlation of zero_insert(X, stride),
        padded with kh - 1 - ph rows at the top and kh - 1 - ph + oh at the bottom
        (columns alike), with K flipped in both directions; equal to
        conv_transpose2d(X[None, None], K[None, None], stride, padding,
        output_padding)[0, 0].

    Raises:
        ValueError: if X or K is not 2-D, or an argument is out of range (a stride
            below 1, a padding or output_padding below 0), or output_padding is not
            smaller than the stride, or the output would be empty.
    """
    ### BEGIN SOLUTION
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError(
            f"trans_conv_by_correlation needs 2-D X and K, got {tuple(X.shape)} and "
            f"{tuple(K.shape)}"
        )
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    oh, ow = _pair(output_padding)
    if min(sh, sw) < 1 or min(ph, pw, oh, ow) < 0:
        raise ValueError(
            f"need stride >= 1 and padding, output_padding >= 0, got stride={stride}, "
            f"padding={padding}, output_padding={output_padding}"
        )
    if oh >= sh or ow >= sw:
        raise ValueError(
            f"output_padding {output_padding} must be smaller than the stride {stride}"
        )
    (H, W), (kh, kw) = X.shape, K.shape
    out_h = (H - 1) * sh - 2 * ph + kh + oh
    out_w = (W - 1) * sw - 2 * pw + kw + ow
    if out_h < 1 or out_w < 1:
        raise ValueError(f"the output would be empty: {(out_h, out_w)}")
    top, left = kh - 1 - ph, kw - 1 - pw
    # Padding p crops, so it takes p off the k - 1 of the stride-1 case (below zero:
    # F.pad crops); the output padding goes at the bottom and the right only.
    P = F.pad(zero_insert(X, (sh, sw)), (left, left + ow, top, top + oh))
    flipped = K.to(X.dtype).flip(0, 1)
    Y = torch.zeros((out_h, out_w), dtype=X.dtype, device=X.device)
    for a in range(kh):
        for b in range(kw):
            # Tap (a, b) of a stride-1 correlation: one shifted window of P.
            Y = Y + flipped[a, b] * P[a : a + out_h, b : b + out_w]
    return Y
    ### END SOLUTION


# %% [markdown]
# ## 9.5 Quiz
#
# Answer on paper first, then check with your code. Most questions take their numbers
# from your student id, so your neighbour's answers are not yours: in JupyterHub your
# login is used; elsewhere set it first (`export AUTOGRADER_STUDENT=your_login`, or
# `os.environ["AUTOGRADER_STUDENT"] = "your_login"` in the first cell). Run the next
# cells to see your variant, then fill in `answers()`: a dict from question id to
# answer (an int, a tuple of ints, one letter for a single choice, a tuple of the
# letters of every true statement for a multiple choice; each statement is graded on
# its own).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"

QUESTIONS = [
    Question(
        "roundtrip_center", "integer", 1,
        "X = torch.arange(9.0).view(3, 3) + {x0} (the entries {x0} to {x0} + 8, row by "
        "row) and K = torch.tensor([[{k00}.0, {k01}.0], [{k10}.0, {k11}.0]]). Y = "
        "corr2d(X, K) is 2 x 2. What is the centre element trans_conv(Y, K)[1, 1]? "
        "(Compare it with X[1, 1].)",
        {"x0": range(0, 10), "k00": (0, 1, 2), "k01": (1, 2, 3), "k10": (1, 2, 3),
         "k11": (1, 2, 3, 4)},
        hint="stamp each of the four values of corr2d(X, K) and add what lands on the "
        "centre",
    ),
    Question(
        "not_inverse", "single", 1,
        "For any X of shape (H, W) and kernel K, trans_conv(corr2d(X, K), K) is:",
        options={
            "a": "X itself: the transposed convolution undoes the convolution, which "
            "is why it is also called 'deconvolution'",
            "b": "a tensor of X's shape, in general with different values: it computes "
            "M.T @ M @ x, and M.T is not the inverse of M (which is not even square); "
            "only the shape is restored",
            "c": "a tensor of corr2d(X, K)'s shape",
            "d": "X flipped upside down and left to right",
        },
        hint="compare the shape and the values of your roundtrip_center with X",
    ),
    Question(
        "stamp_counts", "shape", 1,
        "A transposed convolution with stride {s} and a {k} x {k} kernel of ones, no "
        "padding, is applied to a large input of ones (say 20 x 20): every output "
        "pixel then holds the number of stamps it receives. Away from the borders, "
        "what are the smallest and the largest of those numbers, as (smallest, "
        "largest)?",
        {"k": (3, 4, 5, 6, 7), "s": (2, 3)},
        ndim=2,
        hint="output row t receives a stamp row from every input row i with "
        "i*s <= t <= i*s + k - 1: count those i for a few consecutive t; columns "
        "alike, and a pixel receives (its row's count) x (its column's count) stamps",
    ),
    Question(
        "checkerboard", "multiple", 1,
        "The 'checkerboard artifacts' of image generators: a transposed convolution "
        "with a k x k kernel and stride s. Which statements are true?",
        options={
            "a": "away from the borders every output pixel receives the same number of "
            "stamps exactly when s divides k",
            "b": "any kernel larger than the stride gives every pixel away from the "
            "borders the same number of stamps",
            "c": "resizing the image (e.g. nearest-neighbour upsampling) and then a "
            "stride-1 convolution avoids the uneven overlap",
            "d": "the artifacts come from the borders only, so cropping with padding "
            "removes them",
        },
        hint="count, for one output row, the input rows whose stamps reach it, for "
        "k = 3 and k = 4 with s = 2",
    ),
    Question(
        "output_shape", "shape", 1,
        "nn.ConvTranspose2d({cin}, {cout}, kernel_size=({kh}, {kw}), stride={s}, "
        "padding={p}, output_padding=({oph}, {opw})) is applied to an input of shape "
        "({n}, {cin}, {h}, {w}). What is the shape of the output?",
        {"n": (1, 2, 4), "cin": (16, 32, 64), "cout": (3, 8, 12), "h": range(5, 12),
         "w": range(5, 12), "kh": (2, 3, 4, 5), "kw": (2, 3, 4, 5), "s": (2, 3),
         "p": (1, 2), "oph": (0, 1), "opw": (0, 1)},
        ndim=4,
        hint="(N, C_out, H_out, W_out): C_out is the layer's second argument; each "
        "size is (n - 1)*s - 2p + k + output_padding",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id: e.g. {"roundtrip_center": 12, "not_inverse": "a",
    "stamp_counts": (1, 2), "checkerboard": ("a", "d"), "output_shape": (1, 2, 3, 4)}.
    """
    ### BEGIN SOLUTION
    import torch.nn.functional as F
    from torch import nn

    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    r = v["roundtrip_center"]
    X = torch.arange(9.0, dtype=torch.float64).view(1, 1, 3, 3) + r["x0"]
    K = torch.tensor(
        [[r["k00"], r["k01"]], [r["k10"], r["k11"]]], dtype=torch.float64
    ).view(1, 1, 2, 2)
    roundtrip = F.conv_transpose2d(F.conv2d(X, K), K)
    c = v["stamp_counts"]
    k, s = c["k"], c["s"]
    counts = F.conv_transpose2d(
        torch.ones(1, 1, 20, 20), torch.ones(1, 1, k, k), stride=s
    )[0, 0, 2 * k : -2 * k, 2 * k : -2 * k]
    o = v["output_shape"]
    layer = nn.ConvTranspose2d(
        o["cin"],
        o["cout"],
        (o["kh"], o["kw"]),
        stride=o["s"],
        padding=o["p"],
        output_padding=(o["oph"], o["opw"]),
    )
    with torch.no_grad():
        shape = tuple(layer(torch.zeros(o["n"], o["cin"], o["h"], o["w"])).shape)
    return {
        "roundtrip_center": int(roundtrip[0, 0, 1, 1]),
        "not_inverse": "b",
        "stamp_counts": (int(counts.min()), int(counts.max())),
        # Even overlap exactly when s divides k (a); k = 3, s = 2 disproves (b).
        "checkerboard": ("a", "c"),
        "output_shape": shape,
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal, `pytest tests/public/test_transposed_conv.py`,
# or run the cell below in the notebook. Hidden checks, used for grading, compare
# with the library on random shapes, strides, paddings and output paddings, check
# that your layer is the gradient of a convolution, and check your gradients.
#
# In a notebook, any cell can run `check("transposed_conv")`, or only the checks whose name contains
# a word: `check("transposed_conv", "output_size")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("transposed_conv")
