"""Public checks for exercise 1, corr2d: the textbook's examples, shapes and errors.

Run them on your own work with ``pytest tests/public/test_corr2d.py``.
"""

import pytest
import torch

from autograder.checks import expect_close, expect_raises, expect_tensor

OFF_BY_ONE = "one row short: the output has H - kh + 1 rows, so loop over range(H - kh + 1)"


def _textbook_inputs() -> tuple[torch.Tensor, torch.Tensor]:
    X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    return X, K


def _two_channel_inputs() -> tuple[torch.Tensor, torch.Tensor]:
    X = torch.tensor(
        [
            [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
            [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
        ]
    )
    K = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
    return X, K


def test_textbook_example(impl):
    X, K = _textbook_inputs()
    expect_close(
        impl.corr2d(X, K),
        torch.tensor([[19.0, 25.0], [37.0, 43.0]]),
        what="corr2d on the textbook example",
        shape_hint=OFF_BY_ONE,
        hint="a flipped kernel gives convolution, not cross-correlation",
        show_expected=True,
    )


@pytest.mark.parametrize(
    ("x_shape", "k_shape"), [((6, 8), (1, 2)), ((4, 7), (3, 2))], ids=["6x8-by-1x2", "4x7-by-3x2"]
)
def test_output_shape(impl, x_shape, k_shape):
    out = impl.corr2d(torch.ones(x_shape), torch.ones(k_shape))
    expected = (x_shape[0] - k_shape[0] + 1, x_shape[1] - k_shape[1] + 1)
    expect_tensor(
        out,
        what="corr2d output",
        shape=expected,
        config={"X": x_shape, "K": k_shape},
        shape_hint=OFF_BY_ONE
        + "; on non-square shapes, check that height and width are not swapped",
    )


def test_vertical_edge_example(impl):
    X = torch.ones((6, 8))
    X[:, 2:6] = 0
    expected = torch.zeros((6, 7))
    expected[:, 1] = 1.0
    expected[:, 5] = -1.0
    expect_close(
        impl.corr2d(X, torch.tensor([[1.0, -1.0]])),
        expected,
        what="corr2d with the edge kernel [[1, -1]] on the textbook's stripe image",
        hint="+1 marks a step from white to black, -1 from black to white; the opposite "
        "signs mean the kernel was flipped",
        show_expected=True,
    )


def test_multi_in_textbook_example(impl):
    X, K = _two_channel_inputs()
    expect_close(
        impl.corr2d_multi_in(X, K),
        torch.tensor([[56.0, 72.0], [104.0, 120.0]]),
        what="corr2d_multi_in on the textbook's two-channel example",
        hint="cross-correlate each channel with its own kernel slice and add the results",
        show_expected=True,
    )


def test_multi_in_out_textbook_example(impl):
    X, K = _two_channel_inputs()
    K3 = torch.stack((K, K + 1, K + 2), 0)
    out = impl.corr2d_multi_in_out(X, K3)
    expect_tensor(
        out,
        what="corr2d_multi_in_out output",
        shape=(3, 2, 2),
        shape_hint="stack one output per kernel along a new first dimension",
    )
    expect_close(
        out[0],
        torch.tensor([[56.0, 72.0], [104.0, 120.0]]),
        what="corr2d_multi_in_out, output channel 0",
        show_expected=True,
    )


def test_1x1_equals_multi_in_out(impl):
    X = torch.arange(27.0).reshape(3, 3, 3) / 10
    K = torch.arange(6.0).reshape(2, 3, 1, 1) - 2
    expected = torch.einsum("oc,chw->ohw", K[:, :, 0, 0], X)
    expect_close(
        impl.corr2d_multi_in_out_1x1(X, K),
        expected,
        what="corr2d_multi_in_out_1x1 on a 3-channel 3x3 input with 2 output channels",
        hint="reshape K to (O, C) and X to (C, H*W), multiply, reshape to (O, H, W)",
    )


@pytest.mark.parametrize(
    ("x_shape", "k_shape", "padding", "stride", "expected"),
    [
        ((8, 8), (3, 3), 1, 1, (8, 8)),
        ((8, 8), (5, 3), (2, 1), 1, (8, 8)),
        ((8, 8), (3, 3), 1, 2, (4, 4)),
        ((8, 8), (3, 5), (0, 1), (3, 4), (2, 2)),
    ],
    ids=["pad1", "pad-2-1", "pad1-stride2", "textbook-3x5"],
)
def test_pad_stride_shape(impl, x_shape, k_shape, padding, stride, expected):
    out = impl.corr2d_pad_stride(torch.ones(x_shape), torch.ones(k_shape), padding, stride)
    expect_tensor(
        out,
        what="corr2d_pad_stride output",
        shape=expected,
        config={"X": x_shape, "K": k_shape, "padding": padding, "stride": stride},
        shape_hint="the size is floor((n + 2p - k) / s) + 1, with padding p added on EACH side",
    )


def test_kernel_larger_than_input_raises(impl):
    expect_raises(
        lambda: impl.corr2d(torch.ones((2, 5)), torch.ones((3, 3))),
        ValueError,
        what="corr2d must raise ValueError when the kernel is larger than the input "
        "(a 3x3 kernel on a 2x5 input)",
        hint="check the kernel against the input's shape and raise ValueError",
    )


def test_corr3d_worked_example(impl):
    X = torch.arange(24.0).view(2, 3, 4)
    K = torch.arange(8.0).view(2, 2, 2)
    expect_close(
        impl.corr3d(X, K),
        torch.tensor([[[352.0, 380.0, 408.0], [464.0, 492.0, 520.0]]]),
        what="corr3d on the handout's example (X = arange(24).view(2, 3, 4), "
        "K = arange(8).view(2, 2, 2))",
        shape_hint="the output has D - kd + 1 slices of H - kh + 1 rows and W - kw + 1 columns",
        hint="Y[d, i, j] sums X[d + c, i + a, j + b] * K[c, a, b]: the window starts at "
        "(d, i, j) and the kernel is not flipped",
        show_expected=True,
    )


def test_corr3d_output_shape(impl):
    for x_shape, k_shape in (((4, 6, 5), (2, 3, 1)), ((5, 3, 7), (1, 2, 4))):
        out = impl.corr3d(torch.ones(x_shape), torch.ones(k_shape))
        expect_tensor(
            out,
            what="corr3d output",
            shape=tuple(n - k + 1 for n, k in zip(x_shape, k_shape, strict=True)),
            config={"X": x_shape, "K": k_shape},
            shape_hint="the output shape is (D - kd + 1, H - kh + 1, W - kw + 1); on these "
            "non-cubic shapes, check that no two dimensions are swapped",
        )
