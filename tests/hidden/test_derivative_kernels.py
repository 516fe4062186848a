"""Hidden checks for exercise 6, derivative_kernels: exactness on random polynomials,
minimal length and uniqueness of the finite-difference kernels, the Laplacian, window and
running sums (without cumsum), blur kernels, dtypes, and the quiz, against each student's
own variant.

References are computed here, in the trusted process, in float64, with
torch.nn.functional.conv1d / conv2d for every correlation.
"""

import ast
import math

import pytest
import torch
import torch.nn.functional as F

from autograder.boundary.loader import source_text
from autograder.boundary.submission import StudentCodeError
from autograder.checks import (
    describe,
    expect_close,
    expect_device_kept,
    expect_equal,
    expect_float,
    expect_gradients_match,
    expect_raises,
    expect_tensor,
    fail,
    python_loops,
    randint,
    randn,
)
from autograder.quiz.grading import QuizChecks

LAPLACIAN = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]], dtype=torch.float64)


def corr1d(x, k):
    """1-D cross-correlation, no padding, in float64."""
    return F.conv1d(x.double()[None, None], k.double()[None, None])[0, 0]


def corr2d(X, K):
    """2-D cross-correlation, no padding, in float64."""
    return F.conv2d(X.double()[None, None], K.double()[None, None])[0, 0]


# -- finite differences ------------------------------------------------------------------
def binomial_kernel(d):
    """k_j = (-1)**(d - j) * C(d, j), in float64."""
    return torch.tensor(
        [(-1.0) ** (d - j) * math.comb(d, j) for j in range(d + 1)], dtype=torch.float64
    )


def vandermonde_kernel(d):
    """The only length-(d+1) kernel with sum_j k_j j**m = 0 for m < d and = d! for m = d."""
    j = torch.arange(d + 1, dtype=torch.float64)
    V = torch.stack([j**m for m in range(d + 1)])  # V[m, j] = j**m
    rhs = torch.zeros(d + 1, dtype=torch.float64)
    rhs[d] = math.factorial(d)
    return torch.linalg.solve(V, rhs)


def diagnose_difference(k, d):
    """Name the likely mistake behind a wrong d-th difference kernel."""
    if not isinstance(k, torch.Tensor):
        return ""
    if k.dim() != 1:
        return f"the kernel must be 1-D, shape (d + 1,); got shape {tuple(k.shape)}"
    if k.shape[0] == d + 2:
        return (
            "one weight too many: the d-th difference needs d + 1 weights, C(d, j) for "
            "j in range(d + 1) (length d + 2 is the (d+1)-th difference's length)"
        )
    if k.shape[0] == d:
        return (
            "one weight too few: the d-th difference needs d + 1 weights, no shorter "
            "kernel can be exact"
        )
    if k.shape[0] != d + 1:
        return "the d-th difference needs d + 1 weights"
    want = binomial_kernel(d)
    got = k.detach().double()
    if torch.allclose(got, -want, atol=1e-6):
        return (
            "signs reversed (backward and forward conventions mixed up): k_j = "
            "(-1)**(d - j) * C(d, j), whose LAST weight is +1, as in [-1, 1] for d = 1; "
            "(-1)**j * C(d, j) is the negative for odd d"
        )
    if torch.allclose(got.abs(), torch.ones_like(got), atol=1e-6):
        return (
            "the binomial coefficients are missing: the weights are +-C(d, j) "
            "(e.g. [1, -2, 1] for d = 2, [-1, 3, -3, 1] for d = 3), not +-1"
        )
    if torch.allclose(got.abs(), want.abs(), atol=1e-6):
        return "the signs must alternate, (-1)**(d - j), ending with +1"
    return "the weights must be (-1)**(d - j) * C(d, j): binomial coefficients, alternating signs"


def call(function, *args, what, rule):
    """``function(*args)``; a failure in the student's code fails the check naming ``rule``."""
    try:
        return function(*args)
    except StudentCodeError as error:
        fail(f"{what}: {rule}, but it raised an error: {error}")


def _poly(coefficients, t):
    return sum(c * t**m for m, c in enumerate(coefficients))


@pytest.mark.points(6)
def test_finite_difference_exact_on_polynomials(impl, rng, seed):
    for d in range(1, 7):
        k = impl.finite_difference_kernel(d)
        config = {"d": d, "seed": seed}
        expect_tensor(
            k,
            what=f"finite_difference_kernel({d})",
            shape=(d + 1,),
            config=config,
            shape_hint=diagnose_difference(k, d),
        )
        n, t0 = d + randint(rng, 3, 6), randint(rng, -4, 4)
        t = torch.arange(t0, t0 + n, dtype=torch.float64)  # small integers: exact in float64
        config = {"d": d, "t": f"{t0}..{t0 + n - 1}", "seed": seed}
        lower = [randint(rng, -3, 3) for _ in range(d)]  # a polynomial of degree < d
        x_low = _poly(lower, t)
        scale = 2.0**d * float(x_low.abs().max() + 1)
        expect_close(
            corr1d(x_low, k),
            torch.zeros(n - d, dtype=torch.float64),
            what=f"the difference of order {d} of a random polynomial of degree < {d}",
            config=config,
            atol=1e-9 * scale,
            hint=diagnose_difference(k, d) or "it must annihilate degree < d",
        )
        a = randint(rng, 1, 3) * (1 if randint(rng, 0, 1) else -1)
        x = a * t**d + x_low
        scale = 2.0**d * float(x.abs().max() + 1)
        expect_close(
            corr1d(x, k),
            torch.full((n - d,), a * math.factorial(d), dtype=torch.float64),
            what=f"the difference of order {d} of {a} * t**{d} + (degree < {d})",
            config=config,
            atol=1e-9 * scale,
            hint=diagnose_difference(k, d) or "t**d must map to the constant d!",
        )


@pytest.mark.points(2)
def test_finite_difference_unique(impl, rng, seed):
    for d in (0, randint(rng, 1, 4), randint(rng, 5, 8)):
        want = vandermonde_kernel(d)  # == binomial_kernel(d): the one solution
        k = impl.finite_difference_kernel(d)
        hint = diagnose_difference(k, d)
        expect_close(
            k,
            want,
            what=f"finite_difference_kernel({d})",
            config={"d": d, "seed": seed},
            rtol=1e-6,
            atol=1e-6,
            shape_hint=hint,
            hint=(hint + "; " if hint else "") + "a length-(d+1) kernel that annihilates degree "
            "< d and maps t**d to d! is unique (its d + 1 conditions form an invertible "
            "Vandermonde system)",
        )


@pytest.mark.points(1)
def test_finite_difference_order_range(impl, rng, seed):
    d = -randint(rng, 1, 3)
    expect_raises(
        lambda: impl.finite_difference_kernel(d),
        ValueError,
        what=f"finite_difference_kernel({d}) must raise ValueError when d is negative",
        config={"seed": seed},
        hint="check d before building the kernel: if d < 0: raise ValueError(...)",
    )
    k = call(
        impl.finite_difference_kernel,
        0,
        what="finite_difference_kernel(0)",
        rule="d >= 0 includes d = 0 (the 0-th difference is x itself, the kernel [1.])",
    )
    expect_close(
        k,
        torch.ones(1, dtype=torch.float64),
        what="finite_difference_kernel(0): d >= 0 includes d = 0",
        hint="the 0-th difference is x itself: the kernel [1.], C(0, 0) = 1",
        shape_hint="the 0-th difference has 0 + 1 = 1 weight",
    )


@pytest.mark.points(2)
def test_min_kernel_size(impl, rng, seed):
    # d = 0 last: a wrong formula shows first on d > 0, and d = 0 alone names the range
    for d in (randint(rng, 1, 3), randint(rng, 4, 9), randint(rng, 10, 30), 0):
        got = impl.min_kernel_size(d)
        if isinstance(got, torch.Tensor) and got.numel() == 1:
            got = got.item()
        hint = "a d-th derivative needs d + 1 weights, not d"
        if d == 0:
            hint = "d >= 0 includes d = 0: the 0-th derivative is x itself, one weight [1.]"
        elif got == d:
            hint = (
                "min_kernel_size returns d, but a d-th derivative needs d + 1 weights: "
                "with only d weights, annihilating 1, t, ..., t**(d-1) (d equations, an "
                "invertible Vandermonde system) forces every weight to 0, so t**d maps to "
                "0, not d!"
            )
        expect_equal(got, d + 1, what=f"min_kernel_size({d})", config={"seed": seed}, hint=hint)


def _quadratic_image(rng, H, W):
    """f(r, c) = a r^2 + b c^2 + e r c + p r + q c + s on a grid of small integers."""
    a, b, e, p, q, s = (randint(rng, -3, 3) for _ in range(6))
    r0, c0 = randint(rng, -3, 3), randint(rng, -3, 3)
    r = torch.arange(r0, r0 + H, dtype=torch.float64)[:, None]
    c = torch.arange(c0, c0 + W, dtype=torch.float64)[None, :]
    return a * r**2 + b * c**2 + e * r * c + p * r + q * c + s, a, b


@pytest.mark.points(2)
def test_second_derivative_on_quadratics(impl, rng, seed):
    H, W = randint(rng, 4, 7), randint(rng, 5, 9)
    f, _, b = _quadratic_image(rng, H, W)
    K = impl.second_derivative_kernel()
    expect_tensor(
        K,
        what="second_derivative_kernel()",
        shape=(1, 3),
        shape_hint="a (1, 3) kernel: one row, [[1., -2., 1.]]",
    )
    expect_close(
        corr2d(f, K),
        torch.full((H, W - 2), 2.0 * b, dtype=torch.float64),
        what="second_derivative_kernel() on a quadratic image (along the width)",
        config={"image": (H, W), "seed": seed},
        hint="f(c+1) - 2 f(c) + f(c-1): the weights are [[1, -2, 1]]",
    )


def diagnose_laplacian(K):
    if not isinstance(K, torch.Tensor) or tuple(K.shape) != (3, 3):
        return ""
    got = K.detach().double()
    if torch.allclose(got, -LAPLACIAN):
        return (
            "every sign is flipped (+4 in the centre, -1 around it): that is the NEGATIVE "
            "Laplacian, the sharpening convention; the centre weight is -4"
        )
    if abs(float(got[1, 1]) - 4.0) < 1e-6:
        return (
            "the centre weight is +4: it must be -4, so that the weights sum to 0 and a "
            "constant image gives 0"
        )
    return "second differences along the height and the width, added: [[0,1,0],[1,-4,1],[0,1,0]]"


@pytest.mark.points(2)
def test_laplacian_on_quadratics(impl, rng, seed):
    H, W = randint(rng, 5, 8), randint(rng, 5, 8)
    f, a, b = _quadratic_image(rng, H, W)
    K = impl.laplacian_kernel()
    hint = diagnose_laplacian(K)
    expect_tensor(K, what="laplacian_kernel()", shape=(3, 3), shape_hint=hint)
    config = {"image": (H, W), "seed": seed}
    expect_close(
        corr2d(torch.full((H, W), 3.0, dtype=torch.float64), K),
        torch.zeros((H - 2, W - 2), dtype=torch.float64),
        what="laplacian_kernel() on a constant image",
        config=config,
        hint=hint,
    )
    expect_close(
        corr2d(f, K),
        torch.full((H - 2, W - 2), 2.0 * (a + b), dtype=torch.float64),
        what="laplacian_kernel() on a quadratic image",
        config=config,
        hint=hint,
    )


# -- integrals ---------------------------------------------------------------------------
@pytest.mark.points(2)
def test_integral_kernel_window_sums(impl, rng, seed):
    for n in (1, randint(rng, 2, 3), randint(rng, 4, 7)):
        N = n + randint(rng, 0, 5)
        x = randn(rng, N)
        k = impl.integral_kernel(n)
        config = {"n": n, "x": (N,), "seed": seed}
        expect_tensor(
            k,
            what=f"integral_kernel({n})",
            shape=(n,),
            config=config,
            shape_hint="n weights, one per sample of the window",
        )
        hint = "the kernel is n ones"
        if torch.allclose(k.detach().double(), torch.full((n,), 1.0 / n, dtype=torch.float64)):
            hint = "a mean, not a sum: the integral kernel is n ones, without dividing by n"
        expect_close(
            corr1d(x, k),
            x.unfold(0, n, 1).sum(-1),
            what=f"corr1d(x, integral_kernel({n})): the window sums",
            config=config,
            hint=hint,
        )


def diagnose_running(out, x):
    if not isinstance(out, torch.Tensor):
        return ""
    N = x.shape[0]
    if out.dim() != 1 or out.shape[0] != N:
        return (
            f"output length {tuple(out.shape)}, expected ({N},): pad N - 1 zeros on ONE side "
            "(the left) and correlate with N ones"
        )
    got = out.detach().double()
    suffix = x.flip(0).cumsum(0).flip(0)
    exclusive = torch.cat([x.new_zeros(1), x.cumsum(0)[:-1]])
    if torch.allclose(got, suffix):
        return (
            "padded on the wrong side: with the zeros after x, window i sums x[i], ..., "
            "x[N-1]; put the N - 1 zeros BEFORE x so that window i ends at x[i]"
        )
    if torch.allclose(got, exclusive):
        return (
            "shifted by one: y[i] must include x[i] (N - 1 zeros on the left, not N); "
            "this is x[0] + ... + x[i-1]"
        )
    return "pad N - 1 zeros on the left of x and correlate with N ones"


@pytest.mark.points(2)
def test_running_integral_matches_cumsum(impl, rng, seed):
    for N in (1, randint(rng, 2, 5), randint(rng, 6, 12)):
        x = randn(rng, N)
        out = impl.running_integral(x)
        hint = diagnose_running(out, x)
        expect_close(
            out,
            torch.cumsum(x, 0),
            what="running_integral vs torch.cumsum",
            dtype=x.dtype,
            config={"x": (N,), "seed": seed},
            shape_hint=hint,
            hint=hint,
        )


_CUMULATIVE = ("cumsum", "cumulative", "cumprod")


def cumulative_names(source, function):
    """Every name, attribute or identifier-like string mentioning a cumulative sum inside
    ``def function`` (every definition of it)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef) or node.name != function:
            continue
        for sub in ast.walk(node):
            name = (
                sub.id
                if isinstance(sub, ast.Name)
                else sub.attr
                if isinstance(sub, ast.Attribute)
                else sub.name
                if isinstance(sub, ast.alias)
                else sub.value
                if isinstance(sub, ast.Constant)
                and isinstance(sub.value, str)
                and sub.value.isidentifier()
                else ""
            )  # getattr(torch, "cumsum"), not text
            if any(word in name.lower() for word in _CUMULATIVE):
                found.append(name)
    return found


@pytest.mark.points(2)
def test_running_integral_is_one_correlation(impl, rng, seed):
    N = randint(rng, 5, 9)
    x = randn(rng, N)
    config = {"x": (N,), "seed": seed}
    traced = impl.running_integral.trace(x)
    hint = diagnose_running(traced.value, x)
    expect_close(
        traced.value,
        torch.cumsum(x, 0),
        what="running_integral vs torch.cumsum",
        dtype=x.dtype,
        config=config,
        shape_hint=hint,
        hint=hint,
    )
    where = f"running_integral [{describe(config)}]"
    advice = (
        "Pad N - 1 zeros on the left and make ONE correlation with N ones (corr1d, or F.conv1d)."
    )
    if impl.path is not None:
        source = source_text(impl.path)
        names = cumulative_names(source, "running_integral")
        if names:
            fail(
                f"{where} must not use torch.cumsum or another cumulative "
                f"function: it uses {names[0]}. {advice}"
            )
        if python_loops(source, "running_integral"):
            fail(
                f"{where} must be one correlation, without a Python loop: it has a for/while "
                f"loop or a comprehension. {advice}"
            )
    used = sorted(op for op in traced.ops if op.startswith("cum") or "cumsum" in op)
    if used:
        fail(
            f"{where} must not call torch.cumsum or another cumulative "
            f"function: it dispatched to {', '.join(used)}. {advice}"
        )


@pytest.mark.points(1)
def test_running_integral_dtype_and_gradient(impl, rng, seed):
    N = randint(rng, 4, 8)
    for dtype in (torch.float32, torch.float64):
        x = randn(rng, N, dtype=dtype)
        name = str(dtype).removeprefix("torch.")
        expect_tensor(
            call(
                impl.running_integral,
                x,
                what="running_integral",
                rule=f"x may be any floating-point tensor (N >= 1, floating point); with a "
                f"{name} x it raised",
            ),
            what="running_integral output",
            shape=(N,),
            dtype=dtype,
            config={"x": x, "seed": seed},
            dtype_hint="keep x's dtype: build the zeros and the kernel with x.new_zeros and "
            "x.new_ones, and compute nothing in another dtype",
        )
    x = randn(rng, N)
    expect_gradients_match(
        impl,
        "running_integral",
        (x,),
        lambda x: torch.cumsum(x, 0),
        wrt={"x": 0},
        grad_output=randn(rng, N),
        config={"x": (N,), "seed": seed},
        rule="stays differentiable",
        graph_cut="keep the computation in torch operations on x (no torch.no_grad(), no "
        ".detach(), no .item(), no torch.tensor(list))",
        dtype=torch.float64,
        diagnose=lambda out: diagnose_running(out, x),
    )


@pytest.mark.points(1)
def test_running_integral_device(impl, rng, seed):
    """Same device as x, tried on the meta device (shape and dtype, no data): a tensor
    made without device= lands on the CPU, and mixing it with x fails or moves the result."""
    N = randint(rng, 3, 8)
    impl.running_integral(randn(rng, N))  # it must run at all before its device is judged
    x = torch.empty(N, dtype=torch.float64, device="meta")
    out = expect_device_kept(
        impl.running_integral,
        x,
        what="running_integral output",
        config={"x": f"({N},) on the meta device", "seed": seed},
    )
    if out is not None:
        expect_tensor(out, what="running_integral output on the meta device", shape=(N,))


# -- blur --------------------------------------------------------------------------------
def _blur_cases(impl, rng):
    """(description, kernel from the submission, k) for a box and a Gaussian blur."""
    k_box = randint(rng, 2, 5)
    k_gauss = randint(rng, 3, 7)
    sigma = round(0.8 + 1.2 * float(torch.rand(1, generator=rng)), 3)
    return [
        (f"box_blur_kernel({k_box})", impl.box_blur_kernel(k_box), k_box),
        (
            f"gaussian_blur_kernel({k_gauss}, {sigma})",
            impl.gaussian_blur_kernel(k_gauss, sigma),
            k_gauss,
        ),
    ]


def _normalisation_hint(K):
    total = float(K.detach().double().sum())
    if abs(total - 1.0) > 1e-5:
        return (
            f"not normalised: the weights sum to {total:.4g}, not 1; divide them by their "
            "sum (for a box blur, every weight is 1 / k**2)"
        )
    return "a blur's weights are non-negative and sum to 1"


@pytest.mark.points(3)
def test_blur_preserves_constant_images(impl, rng, seed):
    value = round(float(randn(rng, 1)) * 3, 3)
    H, W = randint(rng, 8, 11), randint(rng, 8, 11)
    for what, K, k in _blur_cases(impl, rng):
        config = {"image": (H, W), "seed": seed}
        expect_tensor(K, what=what, shape=(k, k), config=config, shape_hint="a (k, k) kernel")
        expect_close(
            corr2d(torch.full((H, W), value, dtype=torch.float64), K),
            torch.full((H - k + 1, W - k + 1), value, dtype=torch.float64),
            what=f"{what} on a constant image",
            config=config,
            rtol=1e-5,
            atol=1e-6,
            hint=_normalisation_hint(K),
        )


@pytest.mark.points(1)
def test_blur_reduces_noise_variance(impl, rng, seed):
    noise = randn(rng, 40, 40)
    for what, K, k in _blur_cases(impl, rng):
        config = {"noise": (40, 40), "seed": seed}
        expect_tensor(K, what=what, shape=(k, k), config=config, shape_hint="a (k, k) kernel")
        before, after = float(noise.var()), float(corr2d(noise, K).var())
        if not after < before:
            fail(
                f"{what} [{describe(config)}] does not reduce the variance of white noise "
                f"({before:.3g} before, {after:.3g} after): a blur must average. Likely "
                f"mistake: {_normalisation_hint(K)}"
            )


def gaussian_reference(k, sigma, two_sigma_squared=None):
    t = torch.arange(k, dtype=torch.float64) - (k - 1) / 2
    g = torch.exp(-(t**2) / (two_sigma_squared or 2 * sigma**2))
    g = g / g.sum()
    return torch.outer(g, g)


def _gaussian_case(rng, k=None):
    k = randint(rng, 3, 7) if k is None else k
    sigma = round(0.8 + 1.2 * float(torch.rand(1, generator=rng)), 3)
    if abs(sigma - 1.0) < 0.05:  # sigma == sigma**2 would hide a missing square
        sigma += 0.3
    return k, sigma


@pytest.mark.points(2)
def test_gaussian_symmetric_and_separable(impl, rng, seed):
    for k in (2 * randint(rng, 1, 3), 2 * randint(rng, 1, 3) + 1):  # an even k, an odd k
        k, sigma = _gaussian_case(rng, k)
        K = impl.gaussian_blur_kernel(k, sigma)
        what = f"gaussian_blur_kernel({k}, {sigma})"
        config = {"seed": seed}
        expect_tensor(K, what=what, shape=(k, k), config=config, shape_hint="a (k, k) kernel")
        for name, other in (
            ("its transpose", K.T),
            ("its vertical flip", K.flip(0)),
            ("its horizontal flip", K.flip(1)),
        ):
            expect_close(
                K,
                other,
                what=f"{what} vs {name}",
                config=config,
                rtol=1e-6,
                atol=1e-8,
                hint="the centre is c = (k - 1) / 2, in both directions (a half-integer "
                "for an even k: k // 2 is off-centre)",
            )
        rank = int(torch.linalg.matrix_rank(K.detach().double(), rtol=1e-5))
        if rank != 1:
            fail(
                f"{what} [{describe(config)}] has rank {rank}, not 1: it is not separable. Likely "
                "mistake: the 1-D Gaussians combined with a sum (g[:, None] + g[None, :]) "
                "instead of a product, or exp of the distance instead of the squared "
                "distance; K must be outer(g, g)"
            )


@pytest.mark.points(1)
def test_gaussian_values(impl, rng, seed):
    k, float_sigma = _gaussian_case(rng)
    # sigma is a number: an int (a whole number of pixels) is accepted as well as a float
    for sigma in (float_sigma, randint(rng, 2, 3)):
        K = impl.gaussian_blur_kernel(k, sigma)
        what = f"gaussian_blur_kernel({k}, {sigma})"
        expect_tensor(K, what=what, shape=(k, k), shape_hint="a (k, k) kernel")
        got = K.detach().double()
        hint = "K[i, j] is proportional to exp(-((i - c)**2 + (j - c)**2) / (2 sigma**2))"
        if abs(float(got.sum()) - 1.0) > 1e-5:
            hint = _normalisation_hint(K)
        elif torch.allclose(got, gaussian_reference(k, sigma, 2 * sigma), rtol=1e-5, atol=1e-7):
            hint = "the exponent divides by 2 * sigma; it must be 2 * sigma**2"
        elif torch.allclose(got, gaussian_reference(k, sigma, sigma**2), rtol=1e-5, atol=1e-7):
            hint = "the exponent divides by sigma**2; it must be 2 * sigma**2"
        expect_close(
            K,
            gaussian_reference(k, sigma),
            what=what,
            config={"seed": seed},
            rtol=1e-5,
            atol=1e-7,
            hint=hint,
        )


# -- dtypes ------------------------------------------------------------------------------
@pytest.mark.points(1)
def test_kernels_are_float(impl, rng):
    d, n, k = randint(rng, 1, 5), randint(rng, 2, 5), randint(rng, 2, 5)
    for what, value in (
        (f"finite_difference_kernel({d})", impl.finite_difference_kernel(d)),
        ("second_derivative_kernel()", impl.second_derivative_kernel()),
        ("laplacian_kernel()", impl.laplacian_kernel()),
        (f"integral_kernel({n})", impl.integral_kernel(n)),
        (f"box_blur_kernel({k})", impl.box_blur_kernel(k)),
        (f"gaussian_blur_kernel({k}, 1.5)", impl.gaussian_blur_kernel(k, 1.5)),
    ):
        expect_float(
            value,
            what=what,
            kind="kernel",
            hint="an integer tensor such as torch.tensor([1, -2, 1]); write 1.0 or pass "
            "dtype=torch.float32",
        )


# -- the quiz: each answer against the graded student's own key -----------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "derivative_kernels").tests()
