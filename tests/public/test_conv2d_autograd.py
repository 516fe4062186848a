"""Public checks for exercise 4, conv2d_autograd: the textbook's examples, shapes,
errors and the form of the quiz answers (their values are graded by hidden checks).

Run them on your own work with ``pytest tests/public/test_conv2d_autograd.py``.
"""

import pytest
import torch

from autograder.boundary.submission import StudentCodeError
from autograder.checks import expect_close, expect_equal, expect_raises, expect_tensor, fail
from autograder.quiz.form import QuizForm


def _stripe_image() -> torch.Tensor:
    """The textbook's 6x8 image: ones with a black stripe in columns 2..5."""
    X = torch.ones((6, 8), dtype=torch.float64)
    X[:, 2:6] = 0
    return X


def _edges() -> torch.Tensor:
    """The stripe image cross-correlated with [[1, -1]]."""
    Y = torch.zeros((6, 7), dtype=torch.float64)
    Y[:, 1] = 1.0
    Y[:, 5] = -1.0
    return Y


def _loaded(impl, in_channels, out_channels, kernel_size, weight, bias):
    """A float64 Conv2D in the worker with the given parameters."""
    m = impl.Conv2D(in_channels, out_channels, kernel_size)
    m.double()
    state = {"weight": weight} if bias is None else {"weight": weight, "bias": bias}
    m.load_state_dict(state)
    return m


def test_parameter_shapes(impl):
    m = impl.Conv2D(2, 3, (2, 3))
    expect_tensor(
        m.weight,
        what="Conv2D(2, 3, (2, 3)).weight",
        shape=(3, 2, 2, 3),
        shape_hint="the weight is (out_channels, in_channels, kh, kw), outputs first",
    )
    expect_tensor(
        m.bias,
        what="Conv2D(2, 3, (2, 3)).bias",
        shape=(3,),
        shape_hint="one bias per output channel",
    )
    square = impl.Conv2D(1, 4, 3)
    expect_tensor(
        square.weight,
        what="Conv2D(1, 4, 3).weight",
        shape=(4, 1, 3, 3),
        shape_hint="an int kernel_size k means a (k, k) kernel",
    )
    no_bias = impl.Conv2D(2, 3, 2, bias=False)
    expect_equal(
        no_bias.bias,
        None,
        what="Conv2D(2, 3, 2, bias=False).bias",
        hint="with bias=False, set self.bias = None (not a parameter of zeros)",
    )


def test_corr2d_differentiable_textbook_example(impl):
    X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]], dtype=torch.float64)
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]], dtype=torch.float64)
    got = impl.corr2d_differentiable.vjp(
        X, K, grad_output=torch.ones(2, 2, dtype=torch.float64), wrt=(0, 1)
    )
    expect_close(
        got.output,
        torch.tensor([[19.0, 25.0], [37.0, 43.0]]),
        what="corr2d_differentiable on the textbook example",
        show_expected=True,
        hint="a flipped kernel gives convolution, not cross-correlation",
    )
    expect_tensor(
        got.output,
        what="corr2d_differentiable output",
        dtype=torch.float64,
        dtype_hint="allocate with torch.zeros(..., dtype=X.dtype, device=X.device)",
    )
    if got.grads[1] is None:
        fail(
            "corr2d_differentiable: no gradient reaches K; keep every value a tensor (no "
            ".item(), no torch.tensor([...]) built from the window sums)"
        )
    expect_close(
        got.grads[1],
        torch.tensor([[8.0, 12.0], [20.0, 24.0]]),
        what="the gradient of corr2d_differentiable(X, K).sum() w.r.t. K",
        hint="dL/dK[a, b] is the sum of the inputs that K[a, b] multiplies",
        show_expected=True,
    )


def test_forward_textbook_edges(impl):
    m = _loaded(
        impl,
        1,
        1,
        (1, 2),
        torch.tensor([[[[1.0, -1.0]]]], dtype=torch.float64),
        torch.zeros(1, dtype=torch.float64),
    )
    out = m(_stripe_image().reshape(1, 1, 6, 8))
    expect_tensor(
        out,
        what="Conv2D(1, 1, (1, 2)) on the (1, 1, 6, 8) stripe image",
        shape=(1, 1, 6, 7),
        shape_hint="the output is (N, O, H - kh + 1, W - kw + 1)",
    )
    expect_close(
        out[0, 0],
        _edges(),
        what="the edges found by the kernel [[1, -1]]",
        hint="+1 marks a step from white to black, -1 from black to white",
        show_expected=True,
    )


@pytest.mark.parametrize("shape", [(6, 8), (1, 6, 8)], ids=["2-D", "3-D"])
def test_non_4d_input_raises(impl, shape):
    m = impl.Conv2D(1, 1, (1, 2))
    expect_raises(
        lambda: m(torch.ones(shape)),
        ValueError,
        what=f"Conv2D(1, 1, (1, 2)) on an input of shape {shape}",
        hint="check x.dim() == 4 first in forward and raise ValueError otherwise",
    )


def test_train_step_worked_example(impl):
    # Weight and bias 0: the output is 0, the loss is mean(Y**2) = 12 / 42, and the
    # step moves the bias to 2 * lr * mean(Y) = 0 (the +1s and -1s cancel) while the
    # weight moves along -dL/dW.
    m = _loaded(
        impl,
        1,
        1,
        (1, 2),
        torch.zeros(1, 1, 1, 2, dtype=torch.float64),
        torch.zeros(1, dtype=torch.float64),
    )
    X, Y = _stripe_image().reshape(1, 1, 6, 8), _edges().reshape(1, 1, 6, 7)
    loss = impl.train_step(m, X, Y, 0.5)
    if not isinstance(loss, float):
        fail(f"train_step returned a {type(loss).__name__}, expected a float: return loss.item()")
    expect_close(
        torch.tensor(loss),
        torch.tensor(12.0 / 42.0),
        what="the loss train_step returns (mean-squared error, before the step)",
        hint="the MEAN of (model(X) - Y) ** 2, computed before the update",
        show_expected=True,
    )
    # dL/dW = 2/42 * sum((0 - Y) * window) = [-12/42, 12/42]; W <- W - 0.5 * dL/dW.
    expect_close(
        m.weight.reshape(2),
        torch.tensor([6.0 / 42.0, -6.0 / 42.0]),
        what="the weight after one step with lr 0.5",
        hint="update every parameter in place: p -= lr * p.grad, under no_grad",
        show_expected=True,
    )


def _train_step_blame(impl) -> str:
    """'' when train_step takes the worked example's step; otherwise a hint naming
    train_step, which fit_kernel calls (a bad fit is then not fit_kernel's fault)."""
    zero = torch.zeros(1, 1, 1, 2, dtype=torch.float64)
    m = _loaded(impl, 1, 1, (1, 2), zero, torch.zeros(1, dtype=torch.float64))
    X, Y = _stripe_image().reshape(1, 1, 6, 8), _edges().reshape(1, 1, 6, 7)
    try:
        impl.train_step(m, X, Y, 0.5)
        weight = m.weight.reshape(2)
    except StudentCodeError:
        weight = None
    want = torch.tensor([6.0 / 42.0, -6.0 / 42.0], dtype=torch.float64)
    if weight is not None and torch.allclose(weight.double(), want, atol=1e-9):
        return ""
    return (
        "fit_kernel relies on train_step, and train_step does not take the worked "
        "example's step (see test_train_step_worked_example): fix train_step first"
    )


def test_fit_kernel_learns_edge_kernel(impl):
    X, Y = _stripe_image().reshape(1, 1, 6, 8), _edges().reshape(1, 1, 6, 7)
    m = impl.fit_kernel(X, Y, (1, 2))
    expect_close(
        m.weight.reshape(2),
        torch.tensor([1.0, -1.0]),
        atol=0.1,
        rtol=0.0,
        what="the kernel fit_kernel learns from the stripe image (200 steps, lr 0.1)",
        hint=_train_step_blame(impl)
        or "train_step is right, so look at fit_kernel: it should run `steps` calls of "
        "train_step on one Conv2D(1, 1, kernel_size, bias=False) in X's dtype",
        show_expected=True,
    )


test_quiz_form = QuizForm(__file__, "conv2d_autograd").test()
