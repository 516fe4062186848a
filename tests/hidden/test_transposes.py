"""Hidden checks for exercise 3, transposes: random non-square images and kernels
against the library in float64, the transpose identity, non-contiguous arguments,
dtypes, inputs left alone, and the quiz.

References are computed here, in the trusted process, with torch.nn.functional.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.boundary.submission import StudentCodeError
from autograder.checks import (
    describe,
    expect_close,
    expect_device_kept,
    expect_inputs_unchanged,
    expect_raises,
    expect_tensor,
    fail,
    randint,
    randn,
    shapes,
)
from autograder.quiz.grading import QuizChecks

KEYS = ("X,K", "X.T,K", "X,K.T", "X.T,K.T")
EXPRESSION = {
    "X,K": "corr2d(X, K)",
    "X.T,K": "corr2d(X.T, K)",
    "X,K.T": "corr2d(X, K.T)",
    "X.T,K.T": "corr2d(X.T, K.T)",
}
ONE_SHORT = "one row short: corr2d's loops should run over range(H - kh + 1) and range(W - kw + 1)"
FLIPPED = "the kernel is flipped in corr2d: that is convolution, not cross-correlation"
NONCONTIGUOUS = (
    "corr2d fails on a non-contiguous input: X.T and K.T are views with swapped strides, "
    "so .view() cannot flatten them; slice X[i:i+kh, j:j+kw] or use .reshape()"
)
READ_AS_CONTIGUOUS = (
    "corr2d read a non-contiguous (transposed) input as if it were contiguous: X.T is a "
    "view with swapped strides; slice it (X[i:i+kh, j:j+kw]) or use X.stride(), not "
    "strides or offsets computed from the shape"
)


def reference(x, k):
    """corr2d as the library computes it, for 2-D x and k (any strides)."""
    return F.conv2d(x[None, None], k[None, None])[0, 0]


def inputs(key, X, K):
    """The image and kernel a key names: "X.T,K" -> (X.T, K)."""
    image, kernel = key.split(",")
    return (X.T if image == "X.T" else X), (K.T if kernel == "K.T" else K)


def as_if_contiguous(t):
    """What code that assumes row-major strides reads from t's memory."""
    return t if t.is_contiguous() else t.as_strided(t.shape, (t.shape[1], 1))


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
    got = out.detach().to(torch.float64)
    x, k = inputs(key, X, K)
    want = reference(x, k)

    def same(t):
        return tuple(got.shape) == tuple(t.shape) and bool(torch.allclose(got, t, atol=1e-6))

    if tuple(got.shape) == tuple(want.shape) and bool(torch.allclose(got, want, atol=1e-4)):
        return ""  # right up to rounding (expect_close names precision): no logic hint
    if same(want[:-1, :-1]) or same(want[:-1]) or same(want[:, :-1]):
        return ONE_SHORT
    if key in ("X.T,K", "X,K.T") and same(reference(X, K).T):
        return (
            f"the value under {key!r} is corr2d(X, K).T: you transposed the result instead "
            f"of the input; {EXPRESSION[key]} transposes the input first, then correlates"
        )
    for other in KEYS:
        if other != key and same(reference(*inputs(other, X, K))):
            return wrong_key(key, other, square=X.shape[0] == X.shape[1])
    if same(reference(x, k.flip(0, 1))):
        return FLIPPED
    if any(
        same(reference(a, b))
        for a, b in (
            (as_if_contiguous(x), k),
            (x, as_if_contiguous(k)),
            (as_if_contiguous(x), as_if_contiguous(k)),
        )
    ):
        return READ_AS_CONTIGUOUS
    oh, ow = want.shape
    if tuple(got.shape) in ((oh - 1, ow - 1), (oh - 1, ow), (oh, ow - 1)):
        return ONE_SHORT
    return ""


def call(impl, X, K, config):
    """Call edge_responses; name the non-contiguity mistake if .view() fails."""
    try:
        return impl.edge_responses(X, K)
    except StudentCodeError as error:
        text = str(error)
        if "view size is not compatible" in text or "contiguous" in text:
            fail(f"edge_responses [{describe(config)}]: {text}. Likely mistake: {NONCONTIGUOUS}")
        raise


def responses(impl, X, K, config):
    """Call edge_responses; check it is a dict with exactly the four keys."""
    out = call(impl, X, K, config)
    if not isinstance(out, dict):
        fail(
            f"edge_responses [{describe(config)}]: expected a dict, got a "
            f"{getattr(out, 'type_name', type(out).__name__)}."
        )
    if sorted(out) != sorted(KEYS):
        fail(
            f"edge_responses [{describe(config)}]: the dict must hold exactly four entries, "
            f"with the keys {list(KEYS)}; got {sorted(out)}."
        )
    return out


def expect_matches(out, X, K, config, keys=KEYS):
    for key in keys:
        hint = diagnose(key, out[key], X, K)
        expect_close(
            out[key],
            reference(*inputs(key, X, K)),
            dtype=X.dtype,
            what=f"edge_responses[{key!r}] = {EXPRESSION[key]} vs the library",
            config=config,
            hint=hint,
            shape_hint=hint,
        )


def non_square(rng):
    """H != W in 5..9 and kh != kw in 1..3: every shape of the four results differs."""
    return shapes(rng, size=(5, 9), kernel_h=(1, 3), kernel_w=(1, 3))


def random_case(rng, seed, h, w, a, b):
    """X (h, w), K (a, b) and their configuration."""
    X, K = randn(rng, h, w), randn(rng, a, b)
    return X, K, {"X": (h, w), "K": (a, b), "seed": seed}


@pytest.mark.points(3)
def test_matches_conv2d(impl, rng, seed):
    H, W, kh, kw = non_square(rng)
    for h, w, a, b in ((H, W, kh, kw), (W, H, kw, kh), (H, W, 2, 2)):
        X, K, config = random_case(rng, seed, h, w, a, b)
        expect_matches(responses(impl, X, K, config), X, K, config)


@pytest.mark.points(2)
def test_transpose_identity(impl, rng, seed):
    X, K, config = random_case(rng, seed, *non_square(rng))
    out = responses(impl, X, K, config)
    for left, right in (("X.T,K.T", "X,K"), ("X.T,K", "X,K.T")):
        hint = diagnose(left, out[left], X, K) or diagnose(right, out[right], X, K)
        expect_close(
            out[left],
            out[right].T,
            what=f"the identity {EXPRESSION[left]} == {EXPRESSION[right]}.T on your results",
            config=config,
            hint=hint,
            shape_hint=hint,
        )


@pytest.mark.points(1)
def test_noncontiguous_argument(impl, rng, seed):
    H, W, kh, kw = non_square(rng)
    kh, kw = kh + 1, kw + 1  # at least 2: a transposed 1-row kernel would be contiguous
    X, K = randn(rng, W, H).T, randn(rng, kw, kh).T  # transposed views: not contiguous
    config = {
        "X": f"({H}, {W}), a transposed view",
        "K": f"({kh}, {kw}), a transposed view",
        "seed": seed,
    }
    expect_matches(responses(impl, X, K, config), X, K, config)


@pytest.mark.points(2)
def test_shapes_random(impl, rng, seed):
    X, K, config = random_case(rng, seed, *non_square(rng))
    out = responses(impl, X, K, config)
    for key in KEYS:
        expect_tensor(
            out[key],
            what=f"edge_responses[{key!r}] = {EXPRESSION[key]}",
            config=config,
            shape=reference(*inputs(key, X, K)).shape,
            shape_hint=diagnose(key, out[key], X, K)
            or "X.T is (W, H) and K.T is (kw, kh); transpose the inputs, then correlate",
        )


@pytest.mark.points(1)
def test_dtype_kept(impl, rng):
    """Each result has X's dtype: float64, float32, and X and K of different dtypes."""
    pairs = (
        (torch.float64, torch.float64),
        (torch.float32, torch.float32),
        (torch.float32, torch.float64),
        (torch.float64, torch.float32),
    )
    for x_dtype, k_dtype in pairs:
        X, K = randn(rng, 5, 7, dtype=x_dtype), randn(rng, 2, 3, dtype=k_dtype)
        config = {"X": X, "K": K}
        out = responses(impl, X, K, config)
        hint = (
            "a float32 accumulator in corr2d: allocate with torch.zeros(..., dtype=X.dtype)"
            if x_dtype == k_dtype == torch.float64
            else ""
        )
        what = "" if x_dtype == k_dtype else " (X's dtype whatever K's: not the promoted dtype)"
        for key in KEYS:
            expect_tensor(
                out[key],
                what=f"edge_responses[{key!r}]{what}",
                dtype=x_dtype,
                config=config,
                dtype_hint=hint,
            )


@pytest.mark.points(1)
def test_device_kept(impl, rng):
    """corr2d's result, and each of edge_responses', stays on X's device: inputs on the
    meta device (shape and dtype, no data) give results on the meta device."""
    X, K = randn(rng, 5, 7), randn(rng, 2, 3)
    config = {"X": "(5, 7) on the meta device", "K": "(2, 3) on the meta device"}
    for function in ("corr2d", "edge_responses"):
        impl.function(function)(X, K)  # it must run at all before its device is judged
        expect_device_kept(
            impl.function(function),
            X.to("meta"),
            K.to("meta"),
            what=f"{function} output",
            config=config,
        )


@pytest.mark.points(1)
def test_corr2d_errors(impl):
    """corr2d's Raises clauses: each case must raise ValueError."""
    cases = [
        ("X or K is not 2-D", torch.ones(3, 4, 2), torch.ones(2, 2)),
        ("X or K is not 2-D", torch.ones(4, 5), torch.ones(1, 2, 2)),
        ("K is larger than X", torch.ones(2, 5), torch.ones(3, 3)),
        ("K is larger than X", torch.ones(5, 2), torch.ones(1, 3)),
    ]
    for rule, X, K in cases:
        expect_raises(
            lambda X=X, K=K: impl.corr2d(X, K),
            ValueError,
            what=f"corr2d(X {tuple(X.shape)}, K {tuple(K.shape)}) must raise ValueError when "
            + rule,
            hint=f"check that case first and raise ValueError (the docstring's Raises: {rule})",
        )


@pytest.mark.points(5)
def test_diagonal_image_random_size(impl, rng, seed):
    n = randint(rng, 5, 9)
    X = torch.tril(torch.ones(n, n, dtype=torch.float64))
    K = torch.tensor([[1.0, -1.0]], dtype=torch.float64)
    config = {"X": f"tril(ones({n}, {n}))", "K": "[[1, -1]]", "seed": seed}
    out = responses(impl, X, K, config)
    facts = {
        "X.T,K": f"-1 on the sub-diagonal, {n - 1} non-zeros, shape ({n}, {n - 1})",
        "X,K.T": f"-1 on the super-diagonal, {n - 1} non-zeros, shape ({n - 1}, {n})",
    }
    for key, fact in facts.items():
        hint = diagnose(key, out[key], X, K)
        expect_close(
            out[key],
            reference(*inputs(key, X, K)),
            what=f"edge_responses[{key!r}] on the diagonal image",
            config=config,
            hint=hint or f"{EXPRESSION[key]} is {fact}",
            shape_hint=hint,
        )


@pytest.mark.points(2)
def test_vertical_stripes_random(impl, rng, seed):
    H, W, kh, kw = non_square(rng)
    kw = max(kw, 2)
    X = randn(rng, 1, W).repeat(H, 1)  # every column constant: vertical stripes
    R = randn(rng, kh, kw)
    K = R - R.mean(dim=1, keepdim=True)  # every row of K sums to zero
    config = {
        "X": f"({H}, {W}) with constant columns",
        "K": f"({kh}, {kw}), rows sum to 0",
        "seed": seed,
    }
    out = responses(impl, X, K, config)
    for key in ("X.T,K", "X,K.T"):
        hint = diagnose(key, out[key], X, K)
        expect_close(
            out[key],
            reference(*inputs(key, X, K)),
            what=f"edge_responses[{key!r}] on a vertical-stripe image",
            config=config,
            hint=hint
            or "every row of X.T is constant and every row of K sums to zero, so "
            f"{EXPRESSION[key]} is all zeros",
            shape_hint=hint,
            atol=1e-9,
            scale=float(X.abs().max() * K.abs().sum()),  # the terms' size: zero is a cancellation
        )


@pytest.mark.points(1)
def test_inputs_not_modified(impl, rng, seed):
    X, K, config = random_case(rng, seed, *non_square(rng))
    expect_inputs_unchanged(
        impl,
        lambda X, K: call(impl, X, K, config),
        (X, K),
        inputs={"X": 0, "K": 1},
        what="edge_responses",
        config=config,
        hint="the function modified its input in place (an in-place transpose such as "
        "X.t_() or an in-place op such as mul_); use X.T, which is a new view, and leave X "
        "and K alone",
    )


# -- the quiz: each answer against the graded student's own key -----------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "transposes").tests()
