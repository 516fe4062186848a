"""Public checks for exercise 6, derivative_kernels: the handout's worked examples, shapes,
and the form of the quiz answers.

Run them on your own work with ``pytest tests/public/test_derivative_kernels.py``.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks import expect_close, expect_equal, expect_float
from autograder.quiz.form import QuizForm

SIGN_HINT = (
    "k_j = (-1)**(d - j) * C(d, j): the LAST weight is +1 (the forward difference "
    "x[i+1] - x[i] is [-1, 1]); (-1)**j * C(d, j) is the negative for odd d"
)
BINOMIAL_HINT = "the weights are +-C(d, j), binomial coefficients, e.g. [-1, 3, -3, 1] for d = 3"
LENGTH_HINT = "the d-th difference has d + 1 weights, k_0 ... k_d"


def difference_hint(k, expected):
    """The sign convention or the binomial coefficients, whichever is wrong."""
    got = k.detach().double()
    if torch.allclose(got.abs(), expected.abs().double()):
        return SIGN_HINT
    return BINOMIAL_HINT


def corr1d(x, k):
    """The reference 1-D cross-correlation, in float64."""
    return F.conv1d(x.double()[None, None], k.double()[None, None])[0, 0]


def _float_kernel(value, what, shape, shape_hint="see the docstring for the kernel's shape"):
    return expect_float(
        value,
        what=what,
        shape=shape,
        shape_hint=shape_hint,
        kind="kernel",
        hint="an integer tensor such as torch.tensor([1, -2, 1]); write 1.0 or pass dtype=",
    )


@pytest.mark.parametrize(
    ("d", "expected"),
    [(1, [-1.0, 1.0]), (2, [1.0, -2.0, 1.0]), (3, [-1.0, 3.0, -3.0, 1.0])],
    ids=["d1", "d2", "d3"],
)
def test_finite_difference_small_orders(impl, d, expected):
    k = _float_kernel(
        impl.finite_difference_kernel(d), f"finite_difference_kernel({d})", (d + 1,), LENGTH_HINT
    )
    expected = torch.tensor(expected)
    expect_close(
        k,
        expected,
        what=f"finite_difference_kernel({d})",
        hint=difference_hint(k, expected),
        show_expected=True,
    )


def test_second_difference_of_squares(impl):
    x = torch.arange(5.0) ** 2  # [0, 1, 4, 9, 16]
    k = _float_kernel(
        impl.finite_difference_kernel(2), "finite_difference_kernel(2)", (3,), LENGTH_HINT
    )
    expect_close(
        corr1d(x, k),
        torch.full((3,), 2.0),
        what="corr1d([0, 1, 4, 9, 16], finite_difference_kernel(2))",
        hint="the 2nd difference maps t**2 to the constant 2! = 2",
        show_expected=True,
    )


def test_min_kernel_size_small_orders(impl):
    for d in (1, 2):
        expect_equal(
            impl.min_kernel_size(d),
            d + 1,
            what=f"min_kernel_size({d})",
            hint="a d-th derivative needs d + 1 weights, not d",
            show_expected=True,
        )


def test_second_derivative_and_laplacian(impl):
    expect_close(
        _float_kernel(impl.second_derivative_kernel(), "second_derivative_kernel()", (1, 3)),
        torch.tensor([[1.0, -2.0, 1.0]]),
        what="second_derivative_kernel()",
        show_expected=True,
    )
    expect_close(
        _float_kernel(impl.laplacian_kernel(), "laplacian_kernel()", (3, 3)),
        torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]),
        what="laplacian_kernel()",
        hint="the centre is -4 and the four neighbours +1, so the weights sum to 0",
        show_expected=True,
    )


def test_integral_kernel_example(impl):
    k = _float_kernel(impl.integral_kernel(3), "integral_kernel(3)", (3,))
    expect_close(
        corr1d(torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0]), k),
        torch.tensor([6.0, 9.0, 12.0]),
        what="corr1d([1, 2, 3, 4, 5], integral_kernel(3))",
        hint="the kernel is n ones: a window SUM, not a mean",
        show_expected=True,
    )


def test_running_integral_example(impl):
    x = torch.tensor([1.0, 2.0, 3.0, 4.0])
    expect_close(
        impl.running_integral(x),
        torch.tensor([1.0, 3.0, 6.0, 10.0]),
        what="running_integral([1, 2, 3, 4])",
        dtype=torch.float32,
        shape_hint="pad N - 1 zeros (on the left) and correlate with N ones",
        hint="pad with N - 1 zeros on the LEFT so that window i ends at x[i]",
        show_expected=True,
    )


def test_blur_kernels_shape_and_sum(impl):
    for what, value, k in (
        ("box_blur_kernel(3)", impl.box_blur_kernel(3), 3),
        ("gaussian_blur_kernel(5, 1.0)", impl.gaussian_blur_kernel(5, 1.0), 5),
    ):
        K = _float_kernel(value, what, (k, k))
        expect_close(
            K.sum(),
            torch.tensor(1.0, dtype=K.dtype),
            what=f"the sum of {what}",
            rtol=1e-5,
            atol=1e-6,
            hint="not normalised: divide by the sum of the weights so they add to 1",
        )


test_quiz_form = QuizForm(__file__, "derivative_kernels").test()
