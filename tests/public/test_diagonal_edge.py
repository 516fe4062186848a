"""Public checks for exercise 2, diagonal_edge: the 6x6 image, the textbook's kernel and
its (non-zero) response, directional kernels on small examples, and the quiz's form.

Run them on your own work with ``pytest tests/public/test_diagonal_edge.py``.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks import expect_close, expect_float, expect_tensor
from autograder.quiz.form import QuizForm

NOT_ZERO = (
    "the response is NOT a zero matrix: a diagonal edge is a staircase, and row i steps "
    "from 1 to 0 between columns i and i + 1, so X[i, i] - X[i, i + 1] = +1"
)


def image_hint(out, n):
    """Name the likely mistake behind a wrong diagonal image."""
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (n, n):
        return ""
    got, ones = out.detach().to(torch.float64), torch.ones(n, n, dtype=torch.float64)
    if torch.equal(got, torch.triu(ones)):
        return "wrong side: torch.triu puts the ones ABOVE the diagonal; use torch.tril"
    if torch.equal(got, torch.tril(ones, diagonal=-1)):
        return "the diagonal itself is missing (strict lower triangle): X[i, i] must be 1"
    return "X[i, j] is 1 where j <= i (on and below the main diagonal), 0 above it"


def edge_response(X, K):
    """corr2d(X, K) as the library computes it, in float64."""
    return F.conv2d(X.to(torch.float64)[None, None], K.to(torch.float64)[None, None])[0, 0]


def directional(v1, v2):
    return torch.tensor([[-v1 - v2, v1], [v2, 0.0]], dtype=torch.float64)


def directional_hint(K, v1, v2):
    """Name the likely mistake behind a wrong directional kernel."""
    if isinstance(K, torch.Tensor) and tuple(K.shape) == (2, 2):
        got = K.detach().to(torch.float64)
        if torch.allclose(got, directional(v2, v1)):
            return (
                "v1 and v2 swapped: v1 weighs the difference along the columns, "
                "[[-1, 1], [0, 0]], and v2 the one along the rows, [[-1, 0], [1, 0]]"
            )
        if torch.allclose(got, -directional(v1, v2)):
            return (
                "the signs are flipped: both differences are next pixel minus this pixel, "
                "with -1 at the top left"
            )
    return (
        "v1 * [[-1, 1], [0, 0]] + v2 * [[-1, 0], [1, 0]]: v1 weighs the difference along "
        "the columns (to the right), v2 the one along the rows (downwards)"
    )


def test_image_n6(impl):
    out = impl.diagonal_edge_image(6)
    expect_close(
        out,
        torch.tril(torch.ones(6, 6)),
        what="diagonal_edge_image(6)",
        config={"n": 6},
        shape_hint="the image is n x n",
        hint=image_hint(out, 6),
        show_expected=True,
    )


def test_image_default_is_6x6_float(impl):
    out = impl.diagonal_edge_image()
    expect_tensor(
        out, what="diagonal_edge_image()", shape=(6, 6), shape_hint="the default size is n=6"
    )
    expect_float(
        out,
        what="diagonal_edge_image()",
        hint="an integer image (torch.int64, or a bool comparison): build it from "
        "torch.ones(n, n), which is float, or convert with .float()",
    )


def test_edge_kernel(impl):
    K = impl.edge_kernel()
    expect_tensor(
        K,
        what="edge_kernel()",
        shape=(1, 2),
        shape_hint="the kernel is a row, shape (1, 2): [[1., -1.]], not a column or a 1-D tensor",
    )
    expect_float(K, what="edge_kernel()", hint="write the entries as floats: [[1.0, -1.0]]")
    expect_close(
        K,
        torch.tensor([[1.0, -1.0]]),
        what="edge_kernel()",
        hint="the textbook's kernel is [[1, -1]]: [[-1, 1]] is its negative (sign flipped)",
        show_expected=True,
    )


def test_edge_response_n6_is_not_zero(impl):
    X = expect_tensor(impl.diagonal_edge_image(6), what="diagonal_edge_image(6)", shape=(6, 6))
    K = expect_tensor(
        impl.edge_kernel(),
        what="edge_kernel()",
        shape=(1, 2),
        shape_hint="the kernel is a row, shape (1, 2)",
    )
    expected = torch.zeros(6, 5)
    expected[range(5), range(5)] = 1.0
    expect_close(
        edge_response(X, K),
        expected,
        what="corr2d(diagonal_edge_image(6), edge_kernel()), computed with F.conv2d",
        hint=f"{NOT_ZERO}; {image_hint(X, 6)}",
        show_expected=True,
    )


@pytest.mark.parametrize(
    ("v1", "v2"), [(1.0, 0.0), (0.0, 1.0), (2.0, -3.0)], ids=["v=(1,0)", "v=(0,1)", "v=(2,-3)"]
)
def test_directional_kernel_examples(impl, v1, v2):
    K = impl.directional_edge_kernel(v1, v2)
    expect_tensor(
        K,
        what=f"directional_edge_kernel({v1}, {v2})",
        shape=(2, 2),
        shape_hint="the kernel is 2 x 2",
    )
    expect_float(K, what=f"directional_edge_kernel({v1}, {v2})")
    expect_close(
        K,
        directional(v1, v2),
        what=f"directional_edge_kernel({v1}, {v2})",
        hint=directional_hint(K, v1, v2),
        show_expected=True,
    )


test_quiz_form = QuizForm(__file__, "diagonal_edge").test()
