"""Public checks for exercise 8, dilation: the handout's examples, shapes, sizes and errors.

Run them on your own work with ``pytest tests/public/test_dilation.py``.
"""

import pytest
import torch

from autograder.checks import expect_close, expect_equal, expect_raises, expect_tensor
from autograder.quiz.form import QuizForm

EFFECTIVE = (
    "the effective size is d*(k - 1) + 1 = k + (k - 1)(d - 1): d - 1 zeros BETWEEN "
    "neighbouring taps, none after the last one (not k*d)"
)


def test_dilate_kernel_example(impl):
    K = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    expect_close(
        impl.dilate_kernel(K, 2),
        torch.tensor([[1.0, 0.0, 2.0], [0.0, 0.0, 0.0], [3.0, 0.0, 4.0]]),
        what="dilate_kernel([[1, 2], [3, 4]], 2)",
        shape_hint=EFFECTIVE,
        hint="the taps go to out[a*d, b*d]; everything else is zero",
        show_expected=True,
    )
    expect_close(
        impl.dilate_kernel(K, 1),
        K,
        what="dilate_kernel([[1, 2], [3, 4]], 1)",
        shape_hint="dilation 1 is the ordinary kernel: d - 1 = 0 zeros between taps",
        show_expected=True,
    )


def test_corr2d_dilated_example(impl):
    X = torch.arange(25.0).reshape(5, 5)
    K = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    expect_close(
        impl.corr2d_dilated(X, K, 2),
        torch.tensor([[82.0, 92.0, 102.0], [132.0, 142.0, 152.0], [182.0, 192.0, 202.0]]),
        what="corr2d_dilated(arange(25).reshape(5, 5), [[1, 2], [3, 4]], 2)",
        shape_hint=EFFECTIVE,
        hint="Y[i, j] = X[i, j] + 2 X[i, j+2] + 3 X[i+2, j] + 4 X[i+2, j+2]: the taps are d "
        "apart (dilation is not stride: the window still starts at (i, j))",
        show_expected=True,
    )


@pytest.mark.parametrize(
    ("x_shape", "k_shape", "dilation", "expected"),
    [((7, 9), (3, 2), 2, (3, 7)), ((8, 6), (2, 3), (3, 1), (5, 4)), ((6, 5), (2, 2), 1, (5, 4))],
    ids=["7x9-by-3x2-d2", "8x6-by-2x3-d3x1", "6x5-by-2x2-d1"],
)
def test_output_shape(impl, x_shape, k_shape, dilation, expected):
    out = impl.corr2d_dilated(torch.ones(x_shape), torch.ones(k_shape), dilation)
    expect_tensor(
        out,
        what="corr2d_dilated output",
        shape=expected,
        config={"X": x_shape, "K": k_shape, "dilation": dilation},
        shape_hint=EFFECTIVE + "; on non-square shapes, check that height and width are not "
        "swapped",
    )


SIZE_EXAMPLES = [
    # n, k, padding, stride, dilation, expected
    (7, 3, 0, 1, 2, 3),
    (32, 3, 2, 1, 2, 32),
    (8, 3, 0, 3, 1, 2),
    (8, 5, 1, 4, 1, 2),
    (10, 3, 1, 2, 2, 4),
    (5, 3, 1, 1, 3, 1),
]


def test_conv_output_size_examples(impl):
    for n, k, padding, stride, dilation, expected in SIZE_EXAMPLES:
        expect_equal(
            impl.conv_output_size(n, k, padding, stride, dilation),
            expected,
            what="conv_output_size",
            config={"n": n, "k": k, "padding": padding, "stride": stride, "dilation": dilation},
            hint="floor((n + 2p - d(k - 1) - 1) / s) + 1, with p zeros on EACH side",
            show_expected=True,
        )


FIELD_EXAMPLES = [
    ([(3, 1, 1)] * 3, 7),
    ([(3, 1, 1), (3, 1, 2), (3, 1, 4)], 15),
    ([(7, 2, 1), (3, 2, 1)], 11),
    ([], 1),
]


def test_receptive_field_examples(impl):
    for layers, expected in FIELD_EXAMPLES:
        expect_equal(
            impl.receptive_field(layers),
            expected,
            what="receptive_field",
            config={"layers (k, s, d)": layers},
            hint="start from r = 1, jump = 1; for each layer r += (k - 1) * d * jump, then "
            "jump *= s",
            show_expected=True,
        )


def test_effective_kernel_too_large_raises(impl):
    expect_raises(
        lambda: impl.corr2d_dilated(torch.ones((5, 6)), torch.ones((3, 3)), 3),
        ValueError,
        what="corr2d_dilated with a 3x3 kernel, dilation 3 (effective 7x7), on a 5x6 input",
        hint="compare the EFFECTIVE size d*(k - 1) + 1, not k, with the input's and raise "
        "ValueError",
    )


test_quiz_form = QuizForm(__file__, "dilation").test()


def grid(r, step):
    """An (r, r) bool mask, True where row and column are both multiples of step."""
    line = torch.arange(r) % step == 0
    return line[:, None] & line[None, :]


def test_dilated_stack_worked_example(impl):
    stack = [(3, 1, 1), (3, 1, 2), (3, 1, 4)]
    for depth, expected in ((1, 3), (2, 7), (3, 15)):
        expect_equal(
            impl.receptive_field(stack[:depth]),
            expected,
            what="receptive_field of the worked example's first layers",
            config={"layers (k, s, d)": stack[:depth]},
            hint="each 3x3 layer adds (k - 1) * d: 1 + 2 + 4 + 8",
            show_expected=True,
        )
    gaps = "the receptive field is a span; with dilations 2, 2, 2 only even offsets are reached"
    for dilations, expected in (
        ([1, 2, 4], torch.ones(15, 15, dtype=torch.bool)),
        ([2, 2, 2], grid(13, 2)),
        ([1, 2, 3], torch.ones(13, 13, dtype=torch.bool)),
    ):
        mask = expect_tensor(
            impl.reached_pixels(dilations, 3),
            what=f"reached_pixels({dilations}, 3)",
            shape=expected.shape,
            dtype=torch.bool,
            shape_hint="(r, r) with r = 1 + (k - 1) * sum(dilations)",
        )
        if not torch.equal(mask, expected):
            missing = int((expected & ~mask).sum())
            extra = int((mask & ~expected).sum())
            expect_equal(
                (missing, extra),
                (0, 0),
                what=f"reached_pixels({dilations}, 3): (pixels missed, pixels wrongly marked)",
                hint=gaps,
                show_expected=True,
            )
