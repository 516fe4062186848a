"""Public checks for exercise 9, transposed_conv: the textbook's examples, output shapes,
the output-size formula, the output_padding rule, and the quiz's form.

Run them on your own work with ``pytest tests/public/test_transposed_conv.py``.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks import expect_close, expect_equal, expect_raises, expect_tensor
from autograder.quiz.form import QuizForm

TEXTBOOK = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
STAMP = (
    "every input element adds X[i, j] * K into the window Y[i:i+kh, j:j+kw] (use +=: "
    "overlapping windows add up), with K as it is, not flipped"
)
SIZE = "along each dimension the size is (n - 1)*s - 2p + k + output_padding"


def test_trans_conv_textbook_example(impl):
    expect_close(
        impl.trans_conv(TEXTBOOK, TEXTBOOK),
        torch.tensor([[0.0, 0.0, 1.0], [0.0, 4.0, 6.0], [4.0, 12.0, 9.0]]),
        what="trans_conv(X, K) with X = K = [[0, 1], [2, 3]]",
        shape_hint="the output is (H + kh - 1, W + kw - 1): every stamp must fit",
        hint=STAMP,
        show_expected=True,
    )


def test_conv_transpose2d_textbook_stride_and_padding(impl):
    x, w = TEXTBOOK[None, None], TEXTBOOK[None, None]
    expect_close(
        impl.conv_transpose2d(x, w, stride=2),
        torch.tensor(
            [
                [
                    [
                        [0.0, 0.0, 0.0, 1.0],
                        [0.0, 0.0, 2.0, 3.0],
                        [0.0, 2.0, 0.0, 3.0],
                        [4.0, 6.0, 6.0, 9.0],
                    ]
                ]
            ]
        ),
        what="conv_transpose2d with X = K = [[0, 1], [2, 3]] and stride 2",
        shape_hint=SIZE,
        hint="with stride s the stamp of input (i, j) starts at output (i*s, j*s)",
        show_expected=True,
    )
    expect_close(
        impl.conv_transpose2d(x, w, padding=1),
        torch.tensor([[[[4.0]]]]),
        what="conv_transpose2d with X = K = [[0, 1], [2, 3]] and padding 1",
        shape_hint="padding CROPS p rows and columns from each side of the output (it undoes "
        "the padding of a convolution); it does not add zeros",
        hint="padding 1 keeps the centre of the stride-1 result [[0, 0, 1], [0, 4, 6], [4, 12, 9]]",
        show_expected=True,
    )


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "stride", "padding", "output_padding", "expected"),
    [
        ((2, 3, 4, 5), (3, 6, 2, 3), 1, 0, 0, (2, 6, 5, 7)),
        ((1, 4, 5, 5), (4, 2, 4, 4), 2, 1, 0, (1, 2, 10, 10)),
        ((1, 2, 3, 4), (2, 5, 3, 3), (2, 3), (1, 0), (1, 2), (1, 5, 6, 14)),
    ],
    ids=["stride1", "stride2-pad1", "pairs-output-padding"],
)
def test_conv_transpose2d_shapes(impl, x_shape, w_shape, stride, padding, output_padding, expected):
    out = impl.conv_transpose2d(
        torch.ones(x_shape), torch.ones(w_shape), stride, padding, output_padding
    )
    expect_tensor(
        out,
        what="conv_transpose2d output",
        shape=expected,
        config={
            "x": x_shape,
            "w": w_shape,
            "stride": stride,
            "padding": padding,
            "output_padding": output_padding,
        },
        shape_hint="the weight is (C_in, C_out, kh, kw), so the output has w.shape[1] "
        f"channels; {SIZE}",
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2, 2), 3),
        ((2, 2, 2), 4),
        ((7, 4, 2, 1, 1), 15),
        ((4, 3, 2, 1, 1), 8),
        ((5, 3, 1, 2, 0, 3), 7),
    ],
    ids=["basic", "stride2", "output-padding", "tie-breaking", "dilation3"],
)
def test_output_size_formula(impl, args, expected):
    names = ("n", "k", "stride", "padding", "output_padding", "dilation")
    expect_equal(
        impl.conv_transpose_output_size(*args),
        expected,
        what="conv_transpose_output_size",
        config=dict(zip(names, args, strict=False)),
        hint="(n - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1",
        show_expected=True,
    )


def test_output_padding_too_large_raises(impl):
    expect_raises(
        lambda: impl.conv_transpose2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), 2, 0, 2),
        ValueError,
        what="conv_transpose2d with stride 2 and output_padding 2",
        hint="output_padding only breaks the tie between input sizes of a stride-s "
        "convolution, so it must be smaller than the stride; raise ValueError",
    )


# -- 9.4: zero insertion; the handout's worked examples, each checked here -------------------
SPREAD = torch.tensor([[0.0, 0.0, 1.0], [0.0, 0.0, 0.0], [2.0, 0.0, 3.0]])
STRIDE2 = torch.tensor(
    [[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 2.0, 3.0], [0.0, 2.0, 0.0, 3.0], [4.0, 6.0, 6.0, 9.0]]
)
RECIPE = (
    "insert s - 1 zeros between the input pixels (none after the last), pad k - 1 - p "
    "zeros on each side (plus output_padding at the bottom and right), flip the kernel "
    "(K.flip(0, 1)), then cross-correlate with stride 1"
)


def test_zero_insertion_worked_example(impl):
    expect_close(
        impl.zero_insert(TEXTBOOK, 2),
        SPREAD,
        what="zero_insert(X, 2) with X = [[0, 1], [2, 3]]",
        shape_hint="n pixels become (n - 1)*s + 1: s - 1 zeros BETWEEN neighbours, none "
        "after the last",
        hint="X[i, j] goes to (i*s, j*s); every other element is zero",
        show_expected=True,
    )
    for padding, expected in ((0, STRIDE2), (1, STRIDE2[1:3, 1:3])):
        by_correlation = impl.trans_conv_by_correlation(TEXTBOOK, TEXTBOOK, 2, padding)
        what = (
            f"trans_conv_by_correlation(X, K, stride=2, padding={padding}), "
            "X = K = [[0, 1], [2, 3]]"
        )
        expect_close(
            by_correlation, expected, what=what, hint=RECIPE, shape_hint=SIZE, show_expected=True
        )
        expect_close(
            by_correlation,
            impl.conv_transpose2d(TEXTBOOK[None, None], TEXTBOOK[None, None], 2, padding)[0, 0],
            what=f"{what} vs your conv_transpose2d on the same input",
            hint="the two formulations compute the same transposed convolution",
        )


def _handout_numbers_hold():
    """The handout's numbers for "deconvolution" and "upsampling", against the library."""
    X = TEXTBOOK[None, None]
    roundtrip = F.conv2d(F.conv_transpose2d(X, X), X)[0, 0]
    assert torch.equal(roundtrip, torch.tensor([[12.0, 27.0], [48.0, 57.0]]))
    nearest = F.interpolate(X, scale_factor=2, mode="nearest")
    assert torch.equal(F.conv_transpose2d(X, torch.ones(1, 1, 2, 2), stride=2), nearest)
    assert torch.equal(nearest[0, 0, 1], torch.tensor([0.0, 0.0, 1.0, 1.0]))
    assert torch.equal(nearest[0, 0, 2], torch.tensor([2.0, 2.0, 3.0, 3.0]))


def test_transposed_conv_is_not_deconvolution(impl):
    _handout_numbers_hold()
    roundtrip = F.conv2d(impl.trans_conv(TEXTBOOK, TEXTBOOK)[None, None], TEXTBOOK[None, None])
    expect_close(
        roundtrip[0, 0],
        torch.tensor([[12.0, 27.0], [48.0, 57.0]]),
        what="conv2d(trans_conv(X, K), K) with X = K = [[0, 1], [2, 3]] (not X back: a "
        "transposed convolution is no inverse)",
        hint=STAMP,
        show_expected=True,
    )
    expect_close(
        impl.trans_conv_by_correlation(TEXTBOOK, torch.ones(2, 2), 2),
        F.interpolate(TEXTBOOK[None, None], scale_factor=2, mode="nearest")[0, 0],
        what="trans_conv_by_correlation(X, ones(2, 2), stride=2): nearest-neighbour "
        "upsampling of X = [[0, 1], [2, 3]]",
        hint=RECIPE,
        show_expected=True,
    )


test_quiz_form = QuizForm(__file__, "transposed_conv").test()
