"""Hidden checks for exercise 2, diagonal_edge: the image for random n (values and dtype),
the kernels' values, the verified edge response, the directional kernel's exact response
on random linear ramps, and the quiz's answers (each against the graded student's own
variant, keys recomputed from the reference).

References are computed here, in the trusted process, with torch.nn.functional in float64.
"""

import math

import pytest
import torch
import torch.nn.functional as F

from autograder.boundary.submission import StudentCodeError
from autograder.checks import describe, expect_close, expect_float, expect_tensor, fail, randint
from autograder.quiz.grading import QuizChecks

NOT_ZERO = (
    "the response is not a zero matrix: each row of the staircase steps from 1 to 0 "
    "between columns i and i + 1"
)


# -- references and diagnoses ------------------------------------------------------------
def reference_image(n):
    return torch.tril(torch.ones(n, n, dtype=torch.float64))


def reference_directional(v1, v2):
    """v1 * [[-1, 1], [0, 0]] + v2 * [[-1, 0], [1, 0]], in float64."""
    return torch.tensor([[-v1 - v2, v1], [v2, 0.0]], dtype=torch.float64)


def corr(X, K):
    """corr2d(X, K) as the library computes it, in float64."""
    return F.conv2d(X.to(torch.float64)[None, None], K.to(torch.float64)[None, None])[0, 0]


def _same(a, b):
    return tuple(a.shape) == tuple(b.shape) and torch.allclose(
        a.detach().to(torch.float64), b, rtol=1e-6, atol=1e-6
    )


def image_hint(out, n):
    """Name the likely mistake behind a wrong diagonal image."""
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (n, n):
        return ""
    ones = torch.ones(n, n, dtype=torch.float64)
    if _same(out, torch.triu(ones)):
        return "wrong side: ones above the diagonal (torch.triu); the image is 1 on and BELOW it"
    if _same(out, torch.tril(ones, diagonal=-1)):
        return "the diagonal itself is missing (strict lower triangle): X[i, i] must be 1"
    if _same(out, torch.tril(ones).flip(1)):
        return "the anti-diagonal: the edge runs along the main diagonal, X[i, j] = 1 for j <= i"
    return "X[i, j] is 1 where j <= i (on and below the main diagonal), 0 above it"


def image_shape_hint(out, n):
    if isinstance(out, torch.Tensor) and tuple(out.shape) == (6, 6) and n != 6:
        return "the size n is ignored (the image is always 6 x 6): build an n x n image"
    return "the image is n x n"


def directional_hint(K, v1, v2):
    """Name the likely mistake behind a wrong directional kernel."""
    if not isinstance(K, torch.Tensor) or tuple(K.shape) != (2, 2):
        return "the kernel is 2 x 2: v1 * [[-1, 1], [0, 0]] + v2 * [[-1, 0], [1, 0]]"
    if _same(K, reference_directional(v2, v1)):
        return (
            "v1 and v2 swapped: v1 weighs the difference along the columns, "
            "[[-1, 1], [0, 0]], and v2 the one along the rows, [[-1, 0], [1, 0]]"
        )
    if _same(K, -reference_directional(v1, v2)):
        return (
            "the signs are flipped: the differences are forward differences, next pixel "
            "minus this pixel, so both base kernels have -1 at the top left"
        )
    if _same(K, -reference_directional(v2, v1)):
        return "v1 and v2 swapped, and the signs flipped"
    if abs(float(K.detach().to(torch.float64).sum())) > 1e-6:
        return (
            "the wrong sign pattern: the entries must sum to 0 (a constant image has no "
            "edge), so the top-left entry is -(v1 + v2)"
        )
    return (
        "the wrong sign pattern or placement: the kernel is v1 * [[-1, 1], [0, 0]] "
        "+ v2 * [[-1, 0], [1, 0]] = [[-v1 - v2, v1], [v2, 0]]"
    )


def random_v(rng):
    """A direction with non-zero, unequal components that float32 holds exactly."""
    while True:
        v1, v2 = randint(rng, -12, 12) / 4, randint(rng, -12, 12) / 4
        if v1 != 0 and v2 != 0 and abs(v1) != abs(v2):
            return v1, v2


def ramp(H, W, a, b, c=0.0):
    """f[row, col] = a * col + b * row + c, in float64: intensity gradient (a, b)."""
    rows, cols = torch.meshgrid(
        torch.arange(H, dtype=torch.float64),
        torch.arange(W, dtype=torch.float64),
        indexing="ij",
    )
    return a * cols + b * rows + c


def student_directional(impl, v1, v2, config):
    K = impl.directional_edge_kernel(v1, v2)
    expect_tensor(
        K,
        what=f"directional_edge_kernel({v1}, {v2})",
        shape=(2, 2),
        config=config,
        shape_hint=directional_hint(K, v1, v2),
    )
    return expect_float(K, what=f"directional_edge_kernel({v1}, {v2})", config=config)


def _sizes(rng):
    n1 = randint(rng, 2, 12)
    n2 = randint(rng, 2, 12)
    while n2 in (n1, 6):
        n2 = randint(rng, 2, 12)
    return [6, 1, n1, n2]


# -- the image and the textbook kernel -----------------------------------------------------
@pytest.mark.points(3)
def test_image_values(impl, rng, seed):
    for n in _sizes(rng):
        try:
            out = impl.diagonal_edge_image(n)
        except StudentCodeError as error:
            if error.remote_type == "NotImplementedError":
                raise
            fail(
                f"diagonal_edge_image({n}) [seed {seed}]: n may be any side length at least 1, "
                f"but it raised: {error}"
            )
        expect_close(
            out,
            reference_image(n),
            what=f"diagonal_edge_image({n})",
            config={"n": n, "seed": seed},
            shape_hint=image_shape_hint(out, n),
            hint=image_hint(out, n),
        )


@pytest.mark.points(2)
def test_image_dtype_is_float(impl, rng, seed):
    """Float for any n, and the default n is 6 (the public check's point is here)."""
    expect_tensor(
        impl.diagonal_edge_image(),
        what="diagonal_edge_image()",
        shape=(6, 6),
        shape_hint="the default size is n=6",
    )
    for n in (6, randint(rng, 2, 12)):
        expect_float(
            impl.diagonal_edge_image(n),
            what=f"diagonal_edge_image({n})",
            config={"n": n, "seed": seed},
            hint="an integer or bool image (e.g. an int64 tensor or a comparison such as "
            "rows >= cols): the image must be float, e.g. torch.tril(torch.ones(n, n))",
        )


@pytest.mark.points(2)
def test_edge_kernel_values(impl):
    K = impl.edge_kernel()
    expect_tensor(
        K,
        what="edge_kernel()",
        shape=(1, 2),
        shape_hint="the kernel is a row of shape (1, 2), not a column or a 1-D tensor",
    )
    expect_float(K, what="edge_kernel()", hint="the entries must be floats: [[1.0, -1.0]]")
    expect_close(
        K,
        torch.tensor([[1.0, -1.0]], dtype=torch.float64),
        what="edge_kernel()",
        shape_hint="the kernel is a row of shape (1, 2), not a column or a 1-D tensor",
        hint="the sign is flipped: the textbook's kernel is [[1, -1]], not [[-1, 1]]"
        if isinstance(K, torch.Tensor) and _same(K, torch.tensor([[-1.0, 1.0]]).double())
        else "the textbook's kernel is [[1., -1.]]",
    )


@pytest.mark.points(3)
def test_edge_response_random_n(impl, rng, seed):
    for n in (6, *_sizes(rng)[2:]):
        config = {"n": n, "seed": seed}
        image = impl.diagonal_edge_image(n)
        X = expect_tensor(
            image,
            what=f"diagonal_edge_image({n})",
            shape=(n, n),
            config=config,
            shape_hint=image_shape_hint(image, n),
        )
        K = expect_tensor(
            impl.edge_kernel(),
            what="edge_kernel()",
            shape=(1, 2),
            shape_hint="the kernel is a row, shape (1, 2)",
        )
        expected = torch.zeros(n, n - 1, dtype=torch.float64)
        expected[range(n - 1), range(n - 1)] = 1.0
        response = corr(X, K)
        hint = image_hint(X, n)
        if _same(K, torch.tensor([[-1.0, 1.0]]).double()):
            hint = "the kernel's sign is flipped, so the staircase shows as -1 instead of +1"
        elif not bool(response.any()):
            hint = NOT_ZERO
        expect_close(
            response,
            expected,
            what=f"corr2d(diagonal_edge_image({n}), edge_kernel()), computed with F.conv2d",
            config=config,
            hint=hint,
        )


# -- the directional kernel ------------------------------------------------------------
@pytest.mark.points(4)
def test_directional_kernel_values(impl, rng, seed):
    for _ in range(3):
        v1, v2 = random_v(rng)
        config = {"v": (v1, v2), "seed": seed}
        K = student_directional(impl, v1, v2, config)
        expect_close(
            K,
            reference_directional(v1, v2),
            what=f"directional_edge_kernel({v1}, {v2})",
            config=config,
            hint=directional_hint(K, v1, v2),
        )
    # int arguments (a float parameter accepts ints): the kernel is still floating point
    v1, v2 = randint(rng, 1, 4), -randint(rng, 1, 4)
    config = {"v": (v1, v2), "seed": seed}
    K = impl.directional_edge_kernel(v1, v2)
    expect_float(
        K,
        what=f"directional_edge_kernel({v1}, {v2}) with int arguments",
        config=config,
        hint="int arguments must still give a floating-point kernel: combine them with "
        "float tensors, e.g. v1 * torch.tensor([[-1.0, 1.0], [0.0, 0.0]])",
    )
    expect_close(
        K,
        reference_directional(v1, v2),
        what=f"directional_edge_kernel({v1}, {v2}) with int arguments",
        config=config,
        shape_hint=directional_hint(K, v1, v2),
        hint=directional_hint(K, v1, v2),
    )


@pytest.mark.points(2)
def test_directional_ramp_response(impl, rng, seed):
    for _ in range(3):
        v1, v2 = random_v(rng)
        H, W = randint(rng, 3, 8), randint(rng, 3, 8)
        a, b, c = (float(x) for x in torch.randn(3, generator=rng, dtype=torch.float64))
        config = {
            "v": (v1, v2),
            "ramp": f"{a:.3f}*col + {b:.3f}*row + {c:.3f}",
            "image": (H, W),
            "seed": seed,
        }
        K = student_directional(impl, v1, v2, config)
        expect_close(
            corr(ramp(H, W, a, b, c), K),
            torch.full((H - 1, W - 1), v1 * a + v2 * b, dtype=torch.float64),
            what="the directional kernel's response on a linear ramp (must be v1*a + v2*b "
            "everywhere)",
            config=config,
            hint=directional_hint(K, v1, v2),
        )


@pytest.mark.points(1)
def test_directional_parallel_and_perpendicular(impl, rng, seed):
    v1, v2 = random_v(rng)
    norm = math.hypot(v1, v2)
    H, W = randint(rng, 3, 7), randint(rng, 3, 7)
    config = {"v": (v1, v2), "image": (H, W), "seed": seed}
    K = student_directional(impl, v1, v2, config)
    angles = torch.rand(6, generator=rng, dtype=torch.float64) * 2 * math.pi
    gradients = [
        ("parallel to v (the response is |v|, the largest)", v1 / norm, v2 / norm),
        ("perpendicular to v (the response is 0)", -v2 / norm, v1 / norm),
        *(("in a random direction", math.cos(t), math.sin(t)) for t in angles.tolist()),
    ]
    responses = []
    for label, a, b in gradients:
        response = corr(ramp(H, W, a, b), K)
        expect_close(
            response,
            torch.full((H - 1, W - 1), v1 * a + v2 * b, dtype=torch.float64),
            what=f"the directional kernel on a ramp whose unit gradient ({a:.3f}, {b:.3f}) is "
            + label,
            config=config,
            hint=directional_hint(K, v1, v2),
        )
        responses.append(float(response.mean()))
    if max(responses) > responses[0] + 1e-9:
        fail(
            f"directional kernel [{describe(config)}]: the response is not largest when the "
            "gradient is parallel to v. Likely mistake: " + directional_hint(K, v1, v2)
        )


@pytest.mark.points(1)
def test_directional_on_diagonal_image(impl, rng, seed):
    v1, v2 = random_v(rng)
    n = randint(rng, 3, 10)
    config = {"v": (v1, v2), "n": n, "seed": seed}
    K = student_directional(impl, v1, v2, config)
    expected = torch.zeros(n - 1, n - 1, dtype=torch.float64)
    expected[range(n - 1), range(n - 1)] = -v1
    expected[range(n - 2), range(1, n - 1)] = v2
    expect_close(
        corr(reference_image(n), K),
        expected,
        what="the directional kernel on diagonal_edge_image(n), computed with F.conv2d",
        config=config,
        hint=directional_hint(K, v1, v2),
    )


# -- the quiz: each answer against the graded student's own key -----------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "diagonal_edge").tests()
