# %% [markdown]
# # Exercise 1: cross-correlation: one and many channels, and in 3-D
#
# A convolutional layer does not really compute a convolution: it computes a
# **cross-correlation**. The kernel slides over the input, and at each position the
# output is the sum of the element-wise product of the kernel and the window under it:
#
# $$Y[i, j] = \sum_{a=0}^{k_h-1} \sum_{b=0}^{k_w-1} X[i + a, j + b]\, K[a, b].$$
#
# (A true convolution flips the kernel first. For a *learned* kernel the difference does
# not matter, which is why deep-learning libraries, PyTorch included, call this
# operation "convolution" anyway. In this unit "convolution" always means
# cross-correlation.)
#
# With an input of shape $(H, W)$ and a kernel of shape $(k_h, k_w)$ the kernel fits
# in $H - k_h + 1$ rows and $W - k_w + 1$ columns of positions, so
#
# $$\text{output shape} = (H - k_h + 1,\; W - k_w + 1).$$
#
# Worked example (from the textbook): with `X = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]`
# and `K = [[0, 1], [2, 3]]`, the top-left output is `0*0 + 1*1 + 3*2 + 4*3 = 19`,
# and the whole output is `[[19, 25], [37, 43]]`.
#
# **Conventions for every function here.** Results keep the input's dtype (float64
# in, float64 out) and stay on the input's device; functions stay differentiable
# (autograd must be able to go through them); inputs are never modified. A kernel
# larger than its input is an error: raise `ValueError`. You may not call the library
# convolution (`torch.nn.functional.conv2d` and friends): the point is to write it
# yourself.
# Check your work with `pytest tests/public/test_corr2d.py`.

# %%
import torch
from torch import Tensor

# %% [markdown]
# ## 1.1 `corr2d`
#
# Write the two nested loops over output positions. Allocate the output with the
# input's dtype and device (`torch.zeros(..., dtype=X.dtype, device=X.device)`): a
# plain `torch.zeros(shape)` is float32, which silently rounds float64 inputs.


# %%
def corr2d(X: Tensor, K: Tensor) -> Tensor:
    """Cross-correlate a 2-D input with a 2-D kernel (no padding, stride 1).

    Args:
        X: input, shape (H, W).
        K: kernel, shape (kh, kw), with kh <= H and kw <= W.

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
        raise ValueError(f"kernel {tuple(K.shape)} is larger than the input {tuple(X.shape)}")
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype, device=X.device)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
    ### END SOLUTION


# %% [markdown]
# ## 1.2 Many input channels
#
# With $C$ input channels the kernel has a slice per channel, shape $(C, k_h, k_w)$:
# cross-correlate each channel with its own slice and **add** the results. The
# textbook's two-channel example gives `[[56, 72], [104, 120]]`.


# %%
def corr2d_multi_in(X: Tensor, K: Tensor) -> Tensor:
    """Cross-correlate a multi-channel input and sum over the channels.

    Args:
        X: input, shape (C, H, W).
        K: kernel, shape (C, kh, kw).

    Returns:
        Y, shape (H - kh + 1, W - kw + 1): the sum over c of corr2d(X[c], K[c]).

    Raises:
        ValueError: if X or K is not 3-D, or the channel counts differ.
    """
    ### BEGIN SOLUTION
    if X.dim() != 3 or K.dim() != 3 or X.shape[0] != K.shape[0]:
        raise ValueError(
            f"expected X (C, H, W) and K (C, kh, kw) with the same C, "
            f"got {tuple(X.shape)} and {tuple(K.shape)}"
        )
    return sum(corr2d(x, k) for x, k in zip(X, K))  # type: ignore[return-value]
    ### END SOLUTION


# %% [markdown]
# ## 1.3 Many output channels
#
# A kernel of shape $(O, C, k_h, k_w)$ holds one $(C, k_h, k_w)$ kernel per output
# channel. Apply each and stack the results along a new first dimension.


# %%
def corr2d_multi_in_out(X: Tensor, K: Tensor) -> Tensor:
    """Cross-correlate with one multi-channel kernel per output channel.

    Args:
        X: input, shape (C, H, W).
        K: kernels, shape (O, C, kh, kw).

    Returns:
        Y, shape (O, H - kh + 1, W - kw + 1), Y[o] = corr2d_multi_in(X, K[o]).
    """
    ### BEGIN SOLUTION
    if K.dim() != 4:
        raise ValueError(f"expected K of shape (O, C, kh, kw), got {tuple(K.shape)}")
    return torch.stack([corr2d_multi_in(X, k) for k in K], dim=0)
    ### END SOLUTION


# %% [markdown]
# ## 1.4 The 1x1 convolution is a matrix product
#
# A $1 \times 1$ kernel looks at one pixel at a time: at every position it maps the
# $C$ input values to $O$ output values with the same $(O, C)$ matrix. So the whole
# operation is **one** matrix product between the kernel, reshaped to $(O, C)$, and
# the input, reshaped to $(C, H W)$. Write it without any Python loop.


# %%
def corr2d_multi_in_out_1x1(X: Tensor, K: Tensor) -> Tensor:
    """A 1x1 convolution as a single matrix product (no Python loop).

    Args:
        X: input, shape (C, H, W).
        K: kernels, shape (O, C, 1, 1).

    Returns:
        Y, shape (O, H, W), equal to corr2d_multi_in_out(X, K).
    """
    ### BEGIN SOLUTION
    c, h, w = X.shape
    o = K.shape[0]
    Y = torch.matmul(K.reshape(o, c), X.reshape(c, h * w))
    return Y.reshape(o, h, w)
    ### END SOLUTION


# %% [markdown]
# ## 1.5 Padding and stride
#
# **Padding** $p$ adds $p$ rows of zeros above *and* below the input (and $p$
# columns left and right): this is PyTorch's meaning, per side. (The textbook's
# $p_h$ is the total over both sides.) **Stride** $s$ moves the window $s$ positions
# at a time. Along each dimension the output size is
#
# $$\left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1.$$
#
# Example: an $8 \times 8$ input, kernel $(3, 5)$, padding $(0, 1)$ and stride
# $(3, 4)$ give a $2 \times 2$ output. `padding` and `stride` may each be an int or
# an `(h, w)` pair.


# %%
def corr2d_pad_stride(
    X: Tensor, K: Tensor, padding: int | tuple[int, int] = 0, stride: int | tuple[int, int] = 1
) -> Tensor:
    """Cross-correlate with zero padding (per side) and stride.

    Args:
        X: input, shape (H, W).
        K: kernel, shape (kh, kw).
        padding: zeros added on each side, int or (ph, pw).
        stride: step between windows, int or (sh, sw).

    Returns:
        Y, shape (floor((H + 2ph - kh) / sh) + 1, floor((W + 2pw - kw) / sw) + 1).

    Raises:
        ValueError: if the kernel is larger than the padded input, or a padding is
            negative, or a stride is not positive.
    """
    ### BEGIN SOLUTION
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    if ph < 0 or pw < 0 or sh < 1 or sw < 1:
        raise ValueError(f"need padding >= 0 and stride >= 1, got {padding} and {stride}")
    H, W = X.shape
    h, w = K.shape
    if h > H + 2 * ph or w > W + 2 * pw:
        raise ValueError(f"kernel {tuple(K.shape)} is larger than the padded input")
    padded = torch.zeros((H + 2 * ph, W + 2 * pw), dtype=X.dtype, device=X.device)
    padded[ph : ph + H, pw : pw + W] = X
    Y = torch.zeros(
        ((H + 2 * ph - h) // sh + 1, (W + 2 * pw - w) // sw + 1), dtype=X.dtype, device=X.device
    )
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (padded[i * sh : i * sh + h, j * sw : j * sw + w] * K).sum()
    return Y
    ### END SOLUTION


# %% [markdown]
# ## 1.6 Three dimensions: video, volumes, CT scans
#
# Nothing in cross-correlation is special to two dimensions. A 1-D signal (audio, a
# sentence) takes a 1-D kernel; a **volume** (a CT or MRI scan, a stack of video frames)
# takes a 3-D kernel that slides along depth, height and width at once. With an input of
# shape $(D, H, W)$ and a kernel of shape $(k_d, k_h, k_w)$,
#
# $$Y[d, i, j] = \sum_{c=0}^{k_d-1} \sum_{a=0}^{k_h-1} \sum_{b=0}^{k_w-1}
#   X[d + c, i + a, j + b]\, K[c, a, b],$$
#
# and by the same counting as in 2-D,
#
# $$\text{output shape} = (D - k_d + 1,\; H - k_h + 1,\; W - k_w + 1).$$
#
# Each output slice `Y[d]` is a many-channel 2-D correlation (section 1.2) of the $k_d$
# slices `X[d : d + kd]` with the kernel's $k_d$ slices: depth behaves like channels,
# except that the kernel also *slides* along it.
#
# Worked example: `X = torch.arange(24.).view(2, 3, 4)` (so `X[d, i, j] = 12 d + 4 i + j`)
# and `K = torch.arange(8.).view(2, 2, 2)` give an output of shape `(1, 2, 3)`. Its first
# entry is `0*0 + 1*1 + 4*2 + 5*3 + 12*4 + 13*5 + 16*6 + 17*7 = 352`, and the whole
# output is `[[[352, 380, 408], [464, 492, 520]]]`: one step right adds 28 (the sum of
# `K`), one step down adds 4 * 28 = 112.
#
# The conventions above hold here too, and the library's `conv3d` is forbidden.


# %%
def corr3d(X: Tensor, K: Tensor) -> Tensor:
    """Cross-correlate a 3-D input with a 3-D kernel (no padding, stride 1).

    Args:
        X: input, shape (D, H, W).
        K: kernel, shape (kd, kh, kw), with kd <= D, kh <= H and kw <= W.

    Returns:
        Y, shape (D - kd + 1, H - kh + 1, W - kw + 1), same dtype and device as X,
        where Y[d, i, j] = sum_{c, a, b} X[d + c, i + a, j + b] * K[c, a, b].

    Raises:
        ValueError: if X or K is not 3-D (a batch or channel dimension included), or
            K is larger than X along any dimension.
    """
    ### BEGIN SOLUTION
    if X.dim() != 3 or K.dim() != 3:
        raise ValueError(f"corr3d needs 3-D X and K, got {X.dim()}-D and {K.dim()}-D")
    d, h, w = K.shape
    if d > X.shape[0] or h > X.shape[1] or w > X.shape[2]:
        raise ValueError(f"kernel {tuple(K.shape)} is larger than the input {tuple(X.shape)}")
    Y = torch.zeros(
        (X.shape[0] - d + 1, X.shape[1] - h + 1, X.shape[2] - w + 1),
        dtype=X.dtype,
        device=X.device,
    )
    for k in range(Y.shape[0]):
        for i in range(Y.shape[1]):
            for j in range(Y.shape[2]):
                Y[k, i, j] = (X[k : k + d, i : i + h, j : j + w] * K).sum()
    return Y
    ### END SOLUTION


# %% [markdown]
# ## 1.7 Why kernels are almost always odd-sized
#
# An odd kernel, $k = 2m + 1$, has a **centre**: output pixel $(i, j)$ sits exactly on
# input pixel $(i, j)$, and padding $p = (k - 1)/2 = m$ on every side keeps the size,
# since $n + 2m - (2m + 1) + 1 = n$. A $3 \times 3$ kernel with padding 1 or a
# $5 \times 5$ kernel with padding 2 turns a $7 \times 7$ input into a $7 \times 7$
# output, and layers can be stacked without the image shrinking or drifting.
#
# An even kernel has no centre pixel, and $(k - 1)/2$ is not a whole number. A
# $4 \times 4$ kernel on a $7 \times 7$ input gives $6 \times 6$ with padding 1 and
# $8 \times 8$ with padding 2: no symmetric padding keeps $7 \times 7$. Keeping it takes
# *asymmetric* padding (1 before and 2 after, which gives $7 \times 7$), and even then
# each output pixel describes a window centred half a pixel away from the input pixel of
# the same index; stack a few such layers and the shifts add up. Odd sizes avoid both
# problems, which is why you will see $1, 3, 5, 7$ and rarely $2$ or $4$.
#
# ## 1.8 One dimension: convolution over text
#
# A sentence of $n$ tokens, each turned into an embedding vector of $d$ numbers, is a
# $d \times n$ array: a 1-D signal of length $n$ with $d$ **input channels**, just as an
# RGB image is a 2-D signal with 3 channels. A 1-D filter of width $w$ spans all $d$
# channels and $w$ neighbouring tokens (a "$w$-gram"), so it has $d \cdot w$ weights;
# a bank of $c$ such filters has $c \cdot d \cdot w$ weights and gives $c$ output
# channels of length $n - w + 1$. Example: $n = 9$ tokens, $d = 50$, $c = 100$ filters of
# width $w = 3$ hold $100 \cdot 50 \cdot 3 = 15000$ weights (plus 100 biases) and give a
# $100 \times 7$ output. (In PyTorch: `F.conv1d` on an input of shape `(1, 50, 9)` with
# a weight of shape `(100, 50, 3)` returns shape `(1, 100, 7)`.) Taking the maximum of
# each output channel over the positions ("max-pooling over time") gives 100 features
# whatever the sentence's length.
#
# What convolutions do **not** do well follows from the same picture. Each output sees
# only its receptive field, $w$ tokens for one layer: the order of words far apart, and
# structure spanning a whole sentence of any length, are invisible unless many layers or
# pooling widen the view, and pooling throws the positions away. In images the same
# weight sharing that makes a CNN equivariant to *shifts* gives it nothing for
# **rotations** or changes of **scale**: a rotated or enlarged object is, to the kernels,
# a different pattern, learned only from examples (data augmentation) or from
# architectures built for it.


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal, `pytest tests/public/test_corr2d.py`, or run
# the cell below in the notebook. Hidden checks, used for grading, try many more
# shapes, dtypes and gradients.
#
# In a notebook, any cell can run `check("corr2d")`, or only the checks whose name contains
# a word: `check("corr2d", "multi_in")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("corr2d")
