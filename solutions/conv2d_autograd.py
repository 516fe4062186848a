# %% [markdown]
# # Exercise 4: autograd through a hand-written layer, and a layer that learns
#
# In exercise 1 you wrote `corr2d` with two loops. The textbook then wraps it in a
# layer, `Conv2D`, whose kernel is a learnable parameter, and *learns* the edge
# kernel `[[1, -1]]` from an image `X` and its edge map `Y`. Here you do the same, for
# real layer shapes:
#
# 1. `corr2d_differentiable`: a `corr2d` that autograd can go through, exactly, in
#    float64 (it must pass `torch.autograd.gradcheck`);
# 2. `Conv2D`: an `nn.Module` with a weight of shape `(O, C, kh, kw)` and a bias of
#    shape `(O,)`, taking a batch `(N, C, H, W)` to `(N, O, H', W')`;
# 3. `train_step`: one step of gradient descent on the mean-squared error;
# 4. `fit_kernel`: a `Conv2D` trained to reproduce `Y` from `X`.
#
# You may not call the library convolution (`F.conv2d`, `nn.Conv2d`, ...) in
# `corr2d_differentiable` or in `Conv2D.forward`. Check your work with
# `pytest tests/public/test_conv2d_autograd.py`.
#
# ## How autograd sees your loops
#
# Autograd records every *tensor operation* on a tensor that requires grad: slicing
# `X[i:i+h, j:j+w]`, multiplying by `K`, `.sum()`, and even writing the result into
# a slot of a tensor, `Y[i, j] = ...` (an in-place copy, which autograd records too,
# because `Y` is a fresh tensor, not a parameter). So the textbook's loop is already
# differentiable, as long as every value stays a tensor of the right dtype.
#
# **A popular wrong answer, corrected.** The textbook asks what error you see when
# autograd goes through the hand-written `Conv2D`. Many posted answers quote an
# "in-place operation" error. That is **MXNet's** error (the book's first version
# was written for MXNet, whose autograd refuses in-place writes such as `Y[i, j] =
# ...` while recording: "Inplace operations ... are not supported"). In
# PyTorch (verified with 2.x), the textbook's `Conv2D` on the 2-D 6x8 image trains
# without any error, and after 10 steps its weight is close to `[[1, -1]]`.
#
# What **does** break in PyTorch (each verified):
#
# - **A 4-D input to the 2-D `corr2d`.** With `X` of shape `(1, 1, 6, 8)`,
#   `X.shape[0] - kh + 1 = 1` and `X.shape[1] - kw + 1 = 0` for a `(1, 2)` kernel:
#   `corr2d` quietly returns a tensor of shape `(1, 0)`, and the loss then fails with
#   `RuntimeError: The size of tensor a (0) must match the size of tensor b (7)`.
#   That is why `Conv2D.forward` below checks `x.dim() == 4` and raises `ValueError`.
# - **Leaving torch.** `.item()`, `float(...)`, or `torch.tensor([[...]])` built from
#   the window sums make plain numbers, with no history: `backward()` then fails with
#   `element 0 of tensors does not require grad and does not have a grad_fn` (or, if
#   a bias is added afterwards, the weight gets no gradient: its `.grad` stays
#   `None`). Use `torch.stack`, or write into a preallocated tensor.
# - **`.numpy()` on a tensor that requires grad** raises `RuntimeError: Can't call
#   numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.`
# - **`torch.zeros(shape)` without a dtype** is float32: float64 window sums are
#   rounded silently when written into it, gradients still flow, but they are float32
#   accurate only, and `gradcheck` in float64 fails with a Jacobian mismatch. Write
#   `torch.zeros(shape, dtype=X.dtype, device=X.device)`.
# - **Updating a parameter in place outside `torch.no_grad()`**: `w -= lr * w.grad`
#   raises `a leaf Variable that requires grad is being used in an in-place
#   operation`. (This is PyTorch's nearest cousin of the MXNet error.)

# %%
import torch
from torch import Tensor, nn

# %% [markdown]
# ## 4.1 `corr2d_differentiable`
#
# The cross-correlation of exercise 1, `Y[i, j] = sum_{a,b} X[i+a, j+b] K[a, b]`,
# written so that gradients reach both `X` and `K` exactly: keep every value a
# tensor, and allocate the output with the inputs' dtype and device. The textbook's
# example, `X = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]` and `K = [[0, 1], [2, 3]]`, gives
# `[[19, 25], [37, 43]]`; with `L = Y.sum()`, the gradient `dL/dK[a, b]` is the sum of
# the inputs that `K[a, b]` multiplies: `[[8, 12], [20, 24]]`.


# %%
def corr2d_differentiable(X: Tensor, K: Tensor) -> Tensor:
    """Cross-correlate a 2-D input with a 2-D kernel, differentiably.

    Args:
        X: input, shape (H, W).
        K: kernel, shape (kh, kw), with kh <= H and kw <= W.

    Returns:
        Y, shape (H - kh + 1, W - kw + 1), same dtype and device as X, with
        Y[i, j] = sum_{a, b} X[i + a, j + b] * K[a, b]; autograd reaches X and K.

    Raises:
        ValueError: if X or K is not 2-D, or K is larger than X.
    """
    ### BEGIN SOLUTION
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError(f"needs 2-D X and K, got {X.dim()}-D and {K.dim()}-D")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError(f"kernel {tuple(K.shape)} larger than input {tuple(X.shape)}")
    # X's dtype: a float32 accumulator would round float64 sums (and a float64 K
    # does not make a float32 X's result float64).
    Y = torch.zeros(
        (X.shape[0] - h + 1, X.shape[1] - w + 1), dtype=X.dtype, device=X.device
    )
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
    ### END SOLUTION


# %% [markdown]
# ## 4.2 `Conv2D`, a layer with learnable parameters
#
# The layer holds its kernel as an `nn.Parameter`, so that `model.parameters()`
# finds it, `model.zero_grad()` clears it and `model.double()` converts it. Use the
# library's layout and names, so that a state dict fits `nn.Conv2d` too:
#
# - `self.weight`: shape `(out_channels, in_channels, kh, kw)` (output channels
#   FIRST); `kernel_size` is an int `k` (meaning `(k, k)`) or a pair `(kh, kw)`;
# - `self.bias`: shape `(out_channels,)`, or `None` when `bias=False` (set the
#   attribute to `None`; do not make a parameter of zeros);
# - initial values uniform in `(-b, b)` with `b = 1 / sqrt(in_channels * kh * kw)`,
#   the library's default (the tests do not depend on it, training does a little).
#
# `forward(x)` takes a batch `x` of shape `(N, C, H, W)` to `(N, O, H - kh + 1,
# W - kw + 1)`:
#
# $$y[n, o] = b[o] + \sum_{c} \text{corr2d}(x[n, c],\, W[o, c]).$$
#
# Loops over `n`, `o` and `c` calling `corr2d_differentiable` are correct, but make
# `N * O * C * H' * W'` small operations. The same sum can be taken the other way
# round, over the `kh * kw` kernel offsets: for each offset `(a, b)` the window
# `x[:, :, a:a+H', b:b+W']` of shape `(N, C, H', W')` is multiplied by the `(O, C)`
# matrix `W[:, :, a, b]` (one `einsum`), and the results are added. Either way, add
# the bias as `bias.reshape(1, -1, 1, 1)`: a bias of shape `(O,)` added to a
# `(N, O, H', W')` tensor directly would be broadcast along the *width*.
#
# A 2-D or 3-D `x` is an error (`ValueError`): remember the `(1, 0)` output above.


# %%
class Conv2D(nn.Module):
    """A 2-D convolution layer (cross-correlation, no padding, stride 1).

    Args:
        in_channels: C, channels of the input.
        out_channels: O, channels of the output.
        kernel_size: k or (kh, kw).
        bias: whether to learn a bias of shape (O,).

    Attributes:
        weight: Parameter, shape (O, C, kh, kw).
        bias: Parameter, shape (O,), or None.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        bias: bool = True,
    ) -> None:
        super().__init__()
        ### BEGIN SOLUTION
        kh, kw = (
            (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
        )
        bound = 1.0 / (in_channels * kh * kw) ** 0.5
        shape = (out_channels, in_channels, kh, kw)
        self.weight = nn.Parameter((2 * torch.rand(shape) - 1) * bound)
        if bias:
            self.bias = nn.Parameter((2 * torch.rand(out_channels) - 1) * bound)
        else:
            self.bias = None
        ### END SOLUTION

    def forward(self, x: Tensor) -> Tensor:
        """Apply the layer to a batch.

        Args:
            x: input, shape (N, C, H, W), same dtype as the parameters.

        Returns:
            y, shape (N, O, H - kh + 1, W - kw + 1), where
            y[n, o] = bias[o] + sum_c corr2d(x[n, c], weight[o, c]).

        Raises:
            ValueError: if x is not 4-D, has the wrong number of channels, or is
                smaller than the kernel.
        """
        ### BEGIN SOLUTION
        if x.dim() != 4:
            raise ValueError(f"Conv2D needs (N, C, H, W) input, got {tuple(x.shape)}")
        n, c, height, width = x.shape
        o, c_w, kh, kw = self.weight.shape
        if c != c_w:
            raise ValueError(f"input has {c} channels, the layer expects {c_w}")
        if kh > height or kw > width:
            raise ValueError(f"kernel {(kh, kw)} larger than input {(height, width)}")
        oh, ow = height - kh + 1, width - kw + 1
        y = x.new_zeros((n, o, oh, ow))
        for a in range(kh):
            for b in range(kw):
                window = x[:, :, a : a + oh, b : b + ow]  # (N, C, H', W')
                y = y + torch.einsum("nchw,oc->nohw", window, self.weight[:, :, a, b])
        if self.bias is not None:
            y = y + self.bias.reshape(1, -1, 1, 1)
        return y
        ### END SOLUTION


# %% [markdown]
# ## 4.3 `train_step`: one step of gradient descent
#
# One step of plain gradient descent (what `torch.optim.SGD` does without momentum)
# on the **mean**-squared error, over the whole batch:
#
# $$L = \frac{1}{M} \sum (\text{model}(X) - Y)^2, \qquad
# p \leftarrow p - \text{lr}\, \frac{\partial L}{\partial p}
# \quad \text{for every parameter } p,$$
#
# where $M$ is the number of elements of `Y` (this is `F.mse_loss(model(X), Y)`: no
# factor 1/2). The four parts of a step, and what goes wrong in each:
#
# 1. **Clear the old gradients.** `backward()` *adds* into `p.grad`; without
#    clearing (`model.zero_grad()`), step `k` uses the sum of all gradients so far.
# 2. **The loss is a mean.** The textbook sums the squared errors, with `lr = 3e-2`;
#    a sum makes every step `M` times larger (42 times for its 6x7 output), so the
#    same `lr` means something else.
# 3. **Backpropagate** from the loss.
# 4. **Update every parameter in place**, inside `torch.no_grad()` (outside it,
#    PyTorch refuses an in-place change of a leaf that requires grad). Every
#    parameter means the bias too: the textbook's loop only updates the weight. A
#    copy (`w = p.detach().clone(); w -= ...`) or a rebinding (`p = p - ...`)
#    changes nothing in the model; adding the gradient climbs the loss instead of
#    descending it.
#
# Return the loss of part 2, computed **before** the update, as a Python float
# (`.item()`). Worked example: a model with weight 0 and bias 0 outputs zeros, so the
# loss is `mean(Y**2)`; with one output channel `dL/dbias = -2 * mean(Y)`, so one step
# moves the bias to `2 * lr * mean(Y)`.


# %%
def train_step(model: nn.Module, X: Tensor, Y: Tensor, lr: float) -> float:
    """One step of gradient descent on the mean-squared error, in place.

    Args:
        model: the layer to train, e.g. a Conv2D; its parameters are updated.
        X: input batch, shape (N, C, H, W).
        Y: target, shape of model(X), e.g. (N, O, H', W').
        lr: learning rate.

    Returns:
        The loss mean((model(X) - Y) ** 2) before the step, as a float.
    """
    ### BEGIN SOLUTION
    model.zero_grad()
    loss = ((model(X) - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p -= lr * p.grad
    return loss.item()
    ### END SOLUTION


# %% [markdown]
# ## 4.4 `fit_kernel`: learn a kernel from an image and its output
#
# Given `X` and `Y = conv(X)` for some unknown kernel, make a `Conv2D` with
# `X.shape[1]` input and `Y.shape[1]` output channels (1 and 1 for one-channel
# images), in `X`'s dtype and device (`.to(X.dtype)`: a float32 layer would round
# float64 data, and many operations refuse to mix the two), and run `steps` calls of
# `train_step`. On two random 8x8 images, 200 steps with `lr = 0.1` recover a 3x3
# kernel to many digits. A 2-D `X` and `Y` (the textbook's) may be treated as
# `(1, 1, H, W)`.


# %%
def fit_kernel(
    X: Tensor,
    Y: Tensor,
    kernel_size: int | tuple[int, int],
    *,
    steps: int = 200,
    lr: float = 0.1,
    bias: bool = False,
) -> Conv2D:
    """Learn a Conv2D that maps X to Y, by gradient descent on the squared error.

    Args:
        X: inputs, shape (N, C, H, W) (or (H, W), read as (1, 1, H, W)).
        Y: targets, shape (N, O, H - kh + 1, W - kw + 1) (or 2-D, like X).
        kernel_size: k or (kh, kw), the kernel to learn.
        steps: number of train_step calls.
        lr: learning rate.
        bias: whether the layer has a bias.

    Returns:
        The trained Conv2D(C, O, kernel_size, bias=bias), in X's dtype and device.
    """
    ### BEGIN SOLUTION
    if X.dim() == 2:
        X, Y = X.reshape(1, 1, *X.shape), Y.reshape(1, 1, *Y.shape)
    model = Conv2D(X.shape[1], Y.shape[1], kernel_size, bias=bias)
    model = model.to(dtype=X.dtype, device=X.device)
    for _ in range(steps):
        train_step(model, X, Y, lr)
    return model
    ### END SOLUTION


# %% [markdown]
# ## Quiz
#
# Answer on paper first, then check with PyTorch. Some questions take their numbers
# from your student id, so your neighbour's answers are not yours: in JupyterHub your
# login is used; elsewhere set it first (`export AUTOGRADER_STUDENT=your_login`, or
# `os.environ["AUTOGRADER_STUDENT"] = "your_login"` in the first cell). Run the next
# cells to see your variant, then fill in `answers()`: a dict from question id to answer
# (an int, a tuple of ints, one letter for a single choice, a tuple of letters for a
# multiple choice; each statement of a multiple choice is graded on its own).

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"
TEXTBOOK_CORR2D = (
    "The textbook's 2-D corr2d allocates Y = torch.zeros((X.shape[0] - h + 1, "
    "X.shape[1] - w + 1)) for a kernel of shape (h, w) and fills it with two loops, "
    "Y[i, j] = (X[i:i + h, j:j + w] * K).sum()."
)

QUESTIONS = [
    Question(
        "q1_textbook_layer", "single", 1,
        "In PyTorch, you train the textbook's Conv2D (the 2-D corr2d, a weight of shape "
        "(1, 2), a scalar bias) on the textbook's 2-D stripe image, with "
        "l.sum().backward() and weight.data[:] -= lr * weight.grad. What happens?",
        options={
            "a": "a RuntimeError about an in-place operation",
            "b": "it trains, and the weight approaches [[1, -1]]",
            "c": "a RuntimeError: element 0 of tensors does not require grad",
            "d": "a size-mismatch RuntimeError",
        },
        hint="try it in PyTorch, and see the handout's 'popular wrong answer': whose error "
        "message is quoted there?",
    ),
    Question(
        "q2_4d_shape", "shape", 1,
        TEXTBOOK_CORR2D + " It is given a batch X of shape ({n}, 1, {height}, {width}) "
        "and a kernel K of shape ({kh}, 2). What shape does it return (it raises no error)?",
        {"n": range(2, 9), "height": range(5, 10), "width": range(6, 12), "kh": (1, 2)},
        ndim=2,
        hint="corr2d reads X.shape[0] and X.shape[1] as the height and width",
    ),
    Question(
        "q3_graph_cut", "multiple", 1,
        "K is a 2-D kernel with requires_grad=True and X a plain 2-D tensor. In which of "
        "these versions of corr2d(X, K) does corr2d(X, K).sum().backward() fail with "
        "'element 0 of tensors does not require grad'?",
        options={
            "a": "Y = torch.zeros(shape, dtype=X.dtype), then Y[i, j] = "
            "(X[i:i + h, j:j + w] * K).sum() in the two loops",
            "b": "the same, with Y[i, j] = (X[i:i + h, j:j + w] * K).sum().item()",
            "c": "return torch.tensor(rows), where rows is a list of lists of the window "
            "sums (X[i:i + h, j:j + w] * K).sum()",
            "d": "return torch.stack([torch.stack(r) for r in rows]), with rows as in (c)",
        },
        hint="run each version; see the handout's 'Leaving torch': which ones make plain "
        "numbers or a new tensor without history?",
    ),
    Question(
        "q4_numpy", "single", 1,
        "Y_hat = model(X) requires grad. What does Y_hat.numpy() do?",
        options={
            "a": "returns an array sharing memory, silently",
            "b": "returns a copy without the history",
            "c": "raises a RuntimeError that suggests .detach().numpy()",
            "d": "returns an array, and a later backward() fails",
        },
        hint="try Y_hat.numpy() on an output that requires grad",
    ),
    Question(
        "q5_zeros_dtype", "single", 1,
        "corr2d allocates Y = torch.zeros((H - kh + 1, W - kw + 1)) and is called with "
        "float64 X and K (K requires grad). What happens?",
        options={
            "a": "a RuntimeError at Y[i, j] = ...",
            "b": "Y is float64: the assignment promotes it",
            "c": "Y is float32: values are rounded silently, gradients flow, and gradcheck "
            "in float64 fails",
            "d": "no gradient reaches K",
        },
        hint="what is the default dtype of torch.zeros, and what does writing a float64 "
        "value into it do?",
    ),
    Question(
        "q6_lr_factor", "integer", 1,
        "The textbook's training loop takes l.sum() of the squared errors, with "
        "lr = 3e-2. Here the batch X has shape ({n}, 1, {height}, {width}) and the layer "
        "has one output channel and a ({kh}, {kw}) kernel (no padding, stride 1). With "
        "the mean of the squared errors instead of the sum, by what integer factor must "
        "lr be multiplied to take exactly the same steps?",
        {"n": (2, 3, 4, 8), "height": range(5, 12), "width": range(5, 12),
         "kh": (1, 2, 3), "kw": (2, 3)},
        hint="the sum is the mean times the number of elements of the output",
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id: e.g. {"q1_textbook_layer": "a", "q2_4d_shape": (2, 3),
    "q3_graph_cut": ("a", "d"), ..., "q6_lr_factor": 10}."""
    ### BEGIN SOLUTION
    import torch.nn.functional as F

    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}

    def textbook_corr2d(X: Tensor, K: Tensor) -> Tensor:
        h, w = K.shape
        Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
        for i in range(Y.shape[0]):
            for j in range(Y.shape[1]):
                Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
        return Y

    q2, q6 = v["q2_4d_shape"], v["q6_lr_factor"]
    batch = torch.ones(q2["n"], 1, q2["height"], q2["width"])
    output = F.conv2d(
        torch.zeros(q6["n"], 1, q6["height"], q6["width"]), torch.zeros(1, 1, q6["kh"], q6["kw"])
    )
    # The old answers are kept: the MXNet error is not PyTorch's; .item() and
    # torch.tensor(...) leave torch; .numpy() refuses; torch.zeros is float32.
    return {
        "q1_textbook_layer": "b",
        "q2_4d_shape": tuple(textbook_corr2d(batch, torch.ones(q2["kh"], 2)).shape),
        "q3_graph_cut": ("b", "c"),
        "q4_numpy": "c",
        "q5_zeros_dtype": "c",
        "q6_lr_factor": output.numel(),
    }
    ### END SOLUTION


# %% [markdown]
# ## Check your work
#
# Run the public checks from a terminal, `pytest tests/public/test_conv2d_autograd.py`,
# or run the cell below in the notebook. Hidden checks, used for grading, try random
# shapes, compare gradients with the library's, and follow several training steps.
#
# In a notebook, any cell can run `check("conv2d_autograd")`, or only the checks whose name contains
# a word: `check("conv2d_autograd", "train_step")`. A cell that runs checks is not counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("conv2d_autograd")
