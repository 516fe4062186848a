"""Public checks for exercise 7, pooling_backward: the handout's worked examples, output
shapes, and the form of the quiz answers.

Run them on your own work with ``pytest tests/public/test_pooling_backward.py``.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks import expect_close, expect_tensor, fail
from autograder.quiz.form import QuizForm

LIBRARY = {"max": F.max_pool2d, "avg": F.avg_pool2d}
SIZE_HINT = (
    "along each dimension there are floor((n - k) / s) + 1 windows (no padding, a window "
    "sticking out past the edge is dropped), and stride defaults to kernel_size"
)


def forward(impl, kind, x, kernel, stride=None):
    """The student's forward, kept in the worker; returns (out, handle to the cache)."""
    function = impl.function(f"{kind}_pool2d_forward")
    result = function.keep(x, kernel) if stride is None else function.keep(x, kernel, stride)
    out = result.item(0)
    if not isinstance(out, torch.Tensor) or out.dim() != x.dim():
        fail(
            f"{kind}_pool2d_forward must return a pair (out, cache), out of shape "
            "(N, C, OH, OW), but its first item is not such a tensor. Likely mistake: "
            "returning out alone; return out, cache"
        )
    return out, result.item(1, keep=True)


def library_grad(kind, x, kernel, stride, dout):
    """dx of the library's pooling, by autograd, in float64."""
    leaf = x.detach().double().clone().requires_grad_(True)
    return torch.autograd.grad(LIBRARY[kind](leaf, kernel, stride), leaf, dout.double())[0]


def textbook_x():
    return torch.arange(9.0, dtype=torch.float64).reshape(1, 1, 3, 3)


def test_max_forward_textbook_example(impl):
    out, _ = forward(impl, "max", textbook_x(), 2, 1)
    expect_close(
        out,
        torch.tensor([[[[4.0, 5.0], [7.0, 8.0]]]], dtype=torch.float64),
        what="max_pool2d_forward(X, 2, 1) on the textbook's 3x3 example",
        dtype=torch.float64,
        shape_hint=SIZE_HINT,
        hint="out[i, j] is the largest value of the window x[i*s : i*s + k, j*s : j*s + k]",
        show_expected=True,
    )


def test_avg_forward_textbook_example(impl):
    out, _ = forward(impl, "avg", textbook_x(), 2, 1)
    expect_close(
        out,
        torch.tensor([[[[2.0, 3.0], [5.0, 6.0]]]], dtype=torch.float64),
        what="avg_pool2d_forward(X, 2, 1) on the textbook's 3x3 example",
        dtype=torch.float64,
        shape_hint=SIZE_HINT,
        hint="out[i, j] is the mean (sum divided by kh * kw) of window (i, j)",
        show_expected=True,
    )


@pytest.mark.parametrize(
    ("x_shape", "kernel", "stride", "expected"),
    [
        ((1, 1, 4, 4), 2, None, (1, 1, 2, 2)),
        ((2, 3, 5, 7), (2, 3), None, (2, 3, 2, 2)),
        ((1, 1, 7, 7), 3, 2, (1, 1, 3, 3)),
        ((1, 2, 6, 9), (3, 2), (1, 3), (1, 2, 4, 3)),
    ],
    ids=["2-default-stride", "2x3-default-stride", "3-stride-2", "3x2-stride-1x3"],
)
def test_forward_output_shape(impl, x_shape, kernel, stride, expected):
    for kind in ("max", "avg"):
        out, _ = forward(impl, kind, torch.ones(x_shape, dtype=torch.float64), kernel, stride)
        expect_tensor(
            out,
            what=f"{kind}_pool2d_forward output",
            shape=expected,
            config={"x": x_shape, "kernel_size": kernel, "stride": stride},
            shape_hint=SIZE_HINT,
        )


def test_max_backward_example(impl):
    x = torch.tensor(
        [
            [1.0, 2.0, 3.0, 4.0],
            [8.0, 7.0, 6.0, 5.0],
            [9.0, 10.0, 11.0, 12.0],
            [16.0, 15.0, 14.0, 13.0],
        ],
        dtype=torch.float64,
    ).reshape(1, 1, 4, 4)
    dout = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]], dtype=torch.float64)
    _, cache = forward(impl, "max", x, 2)
    expect_close(
        impl.max_pool2d_backward(dout, cache),
        library_grad("max", x, 2, None, dout),
        what="max_pool2d_backward on a 4x4 example with 2x2 windows",
        dtype=torch.float64,
        shape_hint="dx has the shape of x, (N, C, H, W), not of dout",
        hint="each window's dout goes entirely to the position of its maximum; the other "
        "positions of the window get 0",
        show_expected=True,
    )


def test_avg_backward_example(impl):
    x = torch.arange(16.0, dtype=torch.float64).reshape(1, 1, 4, 4)
    dout = torch.tensor([[[[4.0, 8.0], [12.0, 16.0]]]], dtype=torch.float64)
    _, cache = forward(impl, "avg", x, 2)
    expect_close(
        impl.avg_pool2d_backward(dout, cache),
        library_grad("avg", x, 2, None, dout),
        what="avg_pool2d_backward on a 4x4 example with 2x2 windows",
        dtype=torch.float64,
        shape_hint="dx has the shape of x, (N, C, H, W), not of dout",
        hint="every position of window (i, j) receives dout[i, j] / (kh * kw)",
        show_expected=True,
    )


test_quiz_form = QuizForm(__file__, "pooling_backward").test()


def test_backward_preserves_gradient_sum(impl, rng):
    x = torch.randn(2, 3, 8, 9, generator=rng, dtype=torch.float64)
    for kind in ("max", "avg"):
        for kernel, stride in ((3, 2), (2, 3)):  # overlapping windows, then gaps
            dout = torch.randn(LIBRARY[kind](x, kernel, stride).shape, generator=rng).double()
            _, cache = forward(impl, kind, x, kernel, stride)
            dx = impl.function(f"{kind}_pool2d_backward")(dout, cache)
            expect_tensor(dx, what=f"{kind}_pool2d_backward dx", shape=x.shape)
            expect_close(
                dx.sum(dim=(2, 3)),
                dout.sum(dim=(2, 3)),
                what=f"the gradient sum: {kind}_pool2d_backward(dout, cache).sum(dim=(2, 3)) "
                "vs dout.sum(dim=(2, 3))",
                config={"x": tuple(x.shape), "kernel_size": kernel, "stride": stride},
                hint="without padding the entries of dx add up to those of dout, per sample "
                "and channel: every share of a window's gradient lands on one of its inputs "
                "(+=, not =)",
                rtol=1e-9,
            )
