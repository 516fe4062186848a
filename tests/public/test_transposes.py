"""Public checks for exercise 3, transposes: the diagonal image, the stripe image,
the dict's keys and the output shapes.

Run them on your own work with ``pytest tests/public/test_transposes.py``.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.boundary.submission import StudentCodeError
from autograder.checks import describe, expect_close, expect_equal, expect_tensor, fail
from autograder.quiz.form import QuizForm

KEYS = ("X,K", "X.T,K", "X,K.T", "X.T,K.T")
EXPRESSION = {
    "X,K": "corr2d(X, K)",
    "X.T,K": "corr2d(X.T, K)",
    "X,K.T": "corr2d(X, K.T)",
    "X.T,K.T": "corr2d(X.T, K.T)",
}
NONCONTIGUOUS = (
    "corr2d fails on a non-contiguous input: X.T is a view with swapped strides, so "
    ".view() cannot flatten it; slice X[i:i+kh, j:j+kw] or use .reshape()"
)
EDGE = torch.tensor([[1.0, -1.0]])


def reference(x, k):
    """corr2d as the library computes it."""
    return F.conv2d(x[None, None].double(), k[None, None].double())[0, 0]


def inputs(key, X, K):
    """The image and kernel a key names: "X.T,K" -> (X.T, K)."""
    image, kernel = key.split(",")
    return (X.T if image == "X.T" else X), (K.T if kernel == "K.T" else K)


def wrong_key(key, other, square=False):
    image, kernel = key.split(",")
    other_image, other_kernel = other.split(",")
    if image != other_image and kernel != other_kernel:
        reason = (
            "the keys are mixed up: the part before the comma names the image, the part "
            "after it the kernel"
        )
    elif kernel != other_kernel:
        reason = (
            "the kernel K was not transposed"
            if kernel == "K.T"
            else "the kernel was transposed, though the key says K"
        )
    else:
        reason = (
            "the image X was not transposed"
            if image == "X.T"
            else "the image was transposed, though the key says X"
        )
        if square:
            reason += " (or corr2d read the view X.T as if it were contiguous)"
    return f"the value under {key!r} is {EXPRESSION[other]}, not {EXPRESSION[key]}: {reason}"


def diagnose(key, out, X, K):
    """Name the likely mistake behind a wrong edge_responses[key]."""
    if not isinstance(out, torch.Tensor):
        return ""
    got = out.detach().double()
    x, k = inputs(key, X, K)
    want = reference(x, k)

    def same(t):
        return tuple(got.shape) == tuple(t.shape) and bool(torch.allclose(got, t, atol=1e-6))

    oh, ow = want.shape
    if tuple(got.shape) in ((oh - 1, ow - 1), (oh - 1, ow), (oh, ow - 1)):
        return (
            "one row short: corr2d's loops should run over range(H - kh + 1) and range(W - kw + 1)"
        )
    if key in ("X.T,K", "X,K.T") and same(reference(X, K).T):
        return (
            f"the value under {key!r} is corr2d(X, K).T: you transposed the result instead "
            f"of the input; {EXPRESSION[key]} transposes the input first, then correlates"
        )
    for other in KEYS:
        if other != key and same(reference(*inputs(other, X, K))):
            return wrong_key(key, other, square=X.shape[0] == X.shape[1])
    if same(reference(x, k.flip(0, 1))):
        return "the kernel is flipped in corr2d: that is convolution, not cross-correlation"
    if tuple(got.shape) != (oh, ow):
        return (
            "X.T is (W, H) and K.T is (kw, kh): transpose the inputs, then correlate; "
            "the output is (rows - kernel rows + 1, columns - kernel columns + 1)"
        )
    return ""


def responses(impl, X, K, config):
    """Call edge_responses; name the non-contiguity mistake if .view() fails."""
    try:
        return impl.edge_responses(X, K)
    except StudentCodeError as error:
        text = str(error)
        if "view size is not compatible" in text or "contiguous" in text:
            fail(f"edge_responses [{describe(config)}]: {text}. Likely mistake: {NONCONTIGUOUS}")
        raise


def entry(out, key, config):
    """out[key], with a clear failure if out is not a dict holding that key."""
    if not isinstance(out, dict):
        fail(
            f"edge_responses [{describe(config)}]: expected a dict, got a "
            f"{getattr(out, 'type_name', type(out).__name__)}."
        )
    if key not in out:
        fail(
            f"edge_responses [{describe(config)}]: no key {key!r}; the keys must be exactly "
            f"{list(KEYS)}, got {sorted(out)}."
        )
    return out[key]


def _diagonal(n=6):
    return torch.tril(torch.ones(n, n))


def _stripe():
    X = torch.ones((6, 8))
    X[:, 2:6] = 0
    return X


def test_exact_keys(impl):
    config = {"X": (5, 6), "K": (1, 2)}
    out = responses(impl, torch.ones(5, 6), torch.ones(1, 2), config)
    if not isinstance(out, dict):
        fail(
            f"edge_responses [{describe(config)}]: expected a dict, got a "
            f"{getattr(out, 'type_name', type(out).__name__)}."
        )
    expect_equal(
        sorted(out),
        sorted(KEYS),
        what="the keys of edge_responses",
        config=config,
        hint='exactly the four strings "X,K", "X.T,K", "X,K.T", "X.T,K.T" (no spaces)',
        show_expected=True,
    )
    for key in KEYS:
        expect_tensor(out[key], what=f"edge_responses[{key!r}]", config=config)


# The verified facts for X = tril(ones(6, 6)) and K = [[1, -1]].
DIAGONAL = {
    "X,K": ((6, 5), +1.0, 0, "+1 on the main diagonal"),
    "X.T,K": ((6, 5), -1.0, -1, "-1 on the sub-diagonal (row i + 1, column i)"),
    "X,K.T": ((5, 6), -1.0, 1, "-1 on the super-diagonal (row i, column i + 1)"),
    "X.T,K.T": ((5, 6), +1.0, 0, "+1 on the main diagonal"),
}


@pytest.mark.parametrize("key", KEYS)
def test_diagonal_image(impl, key):
    X = _diagonal()
    config = {"X": "tril(ones(6, 6))", "K": "[[1, -1]]"}
    shape, sign, offset, where = DIAGONAL[key]
    expected = torch.zeros(shape)
    for i in range(5):
        expected[i + max(-offset, 0), i + max(offset, 0)] = sign
    out = entry(responses(impl, X, EDGE, config), key, config)
    hint = diagnose(key, out, X, EDGE) or f"{EXPRESSION[key]} is {where}"
    expect_close(
        out,
        expected,
        what=f"edge_responses[{key!r}] = {EXPRESSION[key]} on the diagonal image",
        config=config,
        shape_hint=hint,
        hint=hint,
        show_expected=True,
    )


def test_stripe_image(impl):
    X = _stripe()
    config = {"X": "the textbook's 6x8 stripe image", "K": "[[1, -1]]"}
    out = responses(impl, X, EDGE, config)
    expected = torch.zeros((6, 7))
    expected[:, 1] = 1.0
    expected[:, 5] = -1.0
    hint = diagnose("X,K", entry(out, "X,K", config), X, EDGE)
    expect_close(
        out["X,K"],
        expected,
        what="edge_responses['X,K'] on the stripe image",
        config=config,
        shape_hint=hint,
        hint=hint or "+1 marks a step from white to black, -1 from black to white",
        show_expected=True,
    )
    hint = diagnose("X.T,K", entry(out, "X.T,K", config), X, EDGE)
    expect_close(
        out["X.T,K"],
        torch.zeros((8, 5)),
        what="edge_responses['X.T,K'] on the stripe image",
        config=config,
        shape_hint=hint or "X.T is 8x6, so corr2d(X.T, K) is 8x5",
        hint=hint or "every row of X.T is constant: [[1, -1]] sees no horizontal change",
        show_expected=True,
    )


def test_shapes_non_square(impl):
    X = torch.arange(40, dtype=torch.float64).reshape(5, 8).sin()
    K = torch.tensor([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0]], dtype=torch.float64)
    config = {"X": (5, 8), "K": (2, 3)}
    out = responses(impl, X, K, config)
    shapes = {"X,K": (4, 6), "X.T,K": (7, 3), "X,K.T": (3, 7), "X.T,K.T": (6, 4)}
    for key, shape in shapes.items():
        expect_tensor(
            entry(out, key, config),
            what=f"edge_responses[{key!r}] = {EXPRESSION[key]}",
            shape=shape,
            config=config,
            shape_hint=diagnose(key, out[key], X, K),
        )


test_quiz_form = QuizForm(__file__, "transposes").test()
