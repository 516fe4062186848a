"""Public checks for exercise 5, conv_as_matmul: the textbook's example as a matrix,
im2col on small fixed inputs, shapes with stride, padding and dilation, and the quiz's form.

Run them on your own work with ``pytest tests/public/test_conv_as_matmul.py``.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks import expect_close, expect_equal, expect_tensor
from autograder.quiz.form import QuizForm

TEXTBOOK_X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
TEXTBOOK_K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
TEXTBOOK_M = torch.tensor(
    [
        [0.0, 1.0, 0.0, 2.0, 3.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 1.0, 0.0, 2.0, 3.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 2.0, 3.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 2.0, 3.0],
    ]
)
FLIP = (
    "row i*ow + j of M holds K[a, b] at column (i + a)*W + (j + b): the kernel itself, "
    "not flipped (flipping is for true convolution), with its rows W columns apart"
)
SIZE = "along each dimension o = floor((n + 2p - d*(k-1) - 1) / s) + 1, with p zeros on EACH side"


def test_kernel_matrix_textbook_example(impl):
    M = impl.kernel_matrix(TEXTBOOK_K, 3, 3)
    expect_close(
        M,
        TEXTBOOK_M,
        what="kernel_matrix(K=[[0, 1], [2, 3]], H=3, W=3)",
        shape_hint="M has one row per output position (oh*ow = 4) and one column per input "
        "pixel (H*W = 9)",
        hint=FLIP,
        show_expected=True,
    )
    expect_close(
        M @ TEXTBOOK_X.flatten(),
        torch.tensor([19.0, 25.0, 37.0, 43.0]),
        what="kernel_matrix(K, 3, 3) @ X.flatten() on the textbook example",
        hint=FLIP,
        show_expected=True,
    )


def matrix_shape_hint(M, kh, kw, H, W):
    """What is wrong with a kernel matrix's shape: "swapped" only for the shape that
    swapping height and width gives; any other wrong shape gets the formula."""
    oh, ow = H - kh + 1, W - kw + 1
    formula = f"M is (oh*ow, H*W) = ({oh * ow}, {H * W}), oh = H - kh + 1, ow = W - kw + 1"
    got = tuple(M.shape) if isinstance(M, torch.Tensor) else ()
    if got == (H * W, oh * ow):
        return f"M is transposed: one ROW per output position, one COLUMN per pixel; {formula}"
    if len(got) == 2 and got[1] == H * W:
        if got[0] == (W - kh + 1) * (H - kw + 1) != oh * ow:
            return f"height and width swapped: {formula}"
        if got[0] == H * W:
            return f"one row per input pixel: M has one row per OUTPUT position; {formula}"
    return f"the shape follows from K's shape, H and W: {formula}"


def test_kernel_matrix_shape(impl):
    K = torch.ones(2, 3)
    M = impl.kernel_matrix(K, 4, 5)
    expect_tensor(
        M,
        what="kernel_matrix output",
        shape=(3 * 3, 4 * 5),
        config={"K": (2, 3), "H": 4, "W": 5},
        shape_hint=matrix_shape_hint(M, 2, 3, 4, 5),
    )


def test_im2col_textbook_example(impl):
    X = torch.arange(9.0).view(1, 1, 3, 3)
    expected = torch.tensor(
        [[[0.0, 1.0, 3.0, 4.0], [1.0, 2.0, 4.0, 5.0], [3.0, 4.0, 6.0, 7.0], [4.0, 5.0, 7.0, 8.0]]]
    )
    expect_close(
        impl.im2col(X, 2, 2),
        expected,
        what="im2col(arange(9).view(1, 1, 3, 3), 2, 2)",
        shape_hint="the shape is (N, C*kh*kw, oh*ow): one row per kernel tap, one column "
        "per window",
        hint="row a*kw + b lists the value under kernel tap (a, b) for each window; the "
        "windows (columns) go in row-major order",
        show_expected=True,
    )


def test_im2col_two_channels(impl):
    X = torch.stack([torch.arange(9.0), 100 + torch.arange(9.0)]).view(1, 2, 3, 3)
    cols = impl.im2col(X, 2, 2)
    expected = torch.tensor(
        [[0.0, 1.0, 3.0, 4.0], [1.0, 2.0, 4.0, 5.0], [3.0, 4.0, 6.0, 7.0], [4.0, 5.0, 7.0, 8.0]]
    )
    expected = torch.cat([expected, expected + 100])[None]
    expect_close(
        cols,
        expected,
        what="im2col on a two-channel 3x3 input, 2x2 kernel",
        shape_hint="the shape is (N, C*kh*kw, oh*ow)",
        hint="wrong row order: rows go channel first, then kernel row, then kernel column "
        "(row c*kh*kw + a*kw + b), the order of weight.reshape(O, C*kh*kw)",
        show_expected=True,
    )


@pytest.mark.parametrize(
    ("x_shape", "kernel", "stride", "padding", "dilation", "expected"),
    [
        ((2, 3, 5, 5), (3, 3), 1, 1, 1, (2, 27, 25)),
        ((1, 2, 7, 6), (3, 2), 2, (1, 0), 1, (1, 12, 12)),
        ((1, 1, 7, 7), (3, 3), 1, 0, 2, (1, 9, 9)),
        ((1, 2, 8, 9), (2, 3), (2, 3), (1, 2), (3, 1), (1, 12, 16)),
    ],
    ids=["pad1", "stride2-pad-1-0", "dilation2", "pairs"],
)
def test_im2col_shape(impl, x_shape, kernel, stride, padding, dilation, expected):
    cols = impl.im2col(torch.ones(x_shape), *kernel, stride, padding, dilation)
    expect_tensor(
        cols,
        what="im2col output",
        shape=expected,
        config={
            "X": x_shape,
            "kernel": kernel,
            "stride": stride,
            "padding": padding,
            "dilation": dilation,
        },
        shape_hint=f"(N, C*kh*kw, oh*ow); {SIZE}",
    )


def _two_channel_example() -> tuple[torch.Tensor, torch.Tensor]:
    X = torch.tensor(
        [
            [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
            [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
        ]
    )
    K = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
    return X[None], K[None]


def test_conv2d_im2col_textbook_example(impl):
    X, K = _two_channel_example()
    expected = torch.tensor([[[[56.0, 72.0], [104.0, 120.0]]]])
    expect_close(
        impl.conv2d_im2col(X, K),
        expected,
        what="conv2d_im2col on the textbook's two-channel example",
        shape_hint="the result has shape (N, O, oh, ow)",
        hint="multiply W.reshape(O, C*kh*kw) by im2col(X, kh, kw), then reshape",
        show_expected=True,
    )
    expect_close(
        impl.conv2d_im2col(X, K, torch.tensor([1.0])),
        expected + 1,
        what="conv2d_im2col on the textbook's two-channel example with bias [1.]",
        hint="add the bias, one number per output channel",
        show_expected=True,
    )


def test_conv2d_im2col_shape(impl):
    X, W = torch.ones(2, 3, 8, 7), torch.ones(4, 3, 3, 2)
    out = impl.conv2d_im2col(X, W, None, stride=(2, 1), padding=(1, 2), dilation=(1, 2))
    expect_tensor(
        out,
        what="conv2d_im2col output",
        shape=(2, 4, 4, 9),
        config={
            "X": (2, 3, 8, 7),
            "W": (4, 3, 3, 2),
            "stride": (2, 1),
            "padding": (1, 2),
            "dilation": (1, 2),
        },
        shape_hint=f"(N, O, oh, ow); {SIZE}",
    )


ORDER = (
    "kernel[o, c, h, w] is weight[o, c*H*W + h*W + w]: x.flatten(1) puts the channel "
    "outer, then the row, then the column, and reshape(O, C, H, W) reads the row back in "
    "that order"
)


def test_fc_as_conv_weight_small_example(impl):
    # Two outputs, in_shape (C, H, W) = (2, 2, 3): every entry tells where it came from.
    weight = torch.arange(24.0).view(2, 12)
    kernel = impl.fc_as_conv_weight(weight, (2, 2, 3))
    expect_close(
        kernel,
        torch.arange(24.0).view(2, 2, 2, 3),
        what="fc_as_conv_weight(arange(24.).view(2, 12), (2, 2, 3))",
        shape_hint="the kernel has shape (O, C, H, W): one (C, H, W) image per output",
        hint=ORDER,
        show_expected=True,
    )
    x = torch.arange(12.0).view(1, 2, 2, 3)
    expect_close(
        F.conv2d(x, kernel).flatten(1),
        F.linear(x.flatten(1), weight),
        what="F.conv2d(x, kernel).flatten(1) vs F.linear(x.flatten(1), weight), "
        "x = arange(12.).view(1, 2, 2, 3)",
        hint=ORDER,
        show_expected=True,
    )


def test_fc_as_conv_weight_vgg_example(impl):
    """The handout's example: 7 x 7 x 512 -> 4096 units, on the meta device (shapes only:
    the 102,760,448 weights are never allocated)."""
    weight = torch.empty(4096, 7 * 7 * 512, device="meta")
    kernel = expect_tensor(
        impl.fc_as_conv_weight(weight, (512, 7, 7)),
        what="fc_as_conv_weight on a (4096, 25088) weight with in_shape (512, 7, 7)",
        shape=(4096, 512, 7, 7),
        config={"weight": (4096, 25088), "in_shape": (512, 7, 7)},
        shape_hint="a 7 x 7 kernel with 512 input and 4096 output channels",
    )
    expect_equal(
        kernel.numel(),
        102_760_448,
        what="the number of weights of the 7 x 7 x 512 -> 4096 layer as a convolution",
        show_expected=True,
    )


def test_conv_as_fc_weight_small_example(impl):
    kernel = torch.arange(24.0).view(2, 2, 2, 3)
    expect_close(
        impl.conv_as_fc_weight(kernel),
        torch.arange(24.0).view(2, 12),
        what="conv_as_fc_weight(arange(24.).view(2, 2, 2, 3))",
        shape_hint="the weight has shape (O, C*H*W): one flattened kernel per row",
        hint="row o of the weight is kernel[o] flattened channel first, then row, then "
        "column: weight[o, c*H*W + h*W + w] == kernel[o, c, h, w]",
        show_expected=True,
    )


test_quiz_form = QuizForm(__file__, "conv_as_matmul").test()
