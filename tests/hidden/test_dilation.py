"""Hidden checks for exercise 8, dilation: random shapes and dilations against the library in
float64, the zero-inserted identity, kernels of any rank, output sizes on a grid, receptive
fields of random stacks, dtypes, gradients, errors, no library convolution, and the quiz (each
answer against the key of the graded student's own variant, recomputed from the reference).

References are computed here, in the trusted process, with torch.nn.functional.
"""

import itertools

import pytest
import torch
import torch.nn.functional as F

from autograder.boundary.submission import StudentCodeError
from autograder.checks import (
    describe,
    distinct,
    expect_close,
    expect_device_kept,
    expect_equal,
    expect_gradients_match,
    expect_inputs_unchanged,
    expect_no_library_ops,
    expect_raises,
    expect_tensor,
    fail,
    pair,
    randint,
    randn,
)
from autograder.quiz.grading import QuizChecks

EFFECTIVE = "the effective size is d*(k - 1) + 1 = k + (k - 1)(d - 1)"


def effective(k, d):
    return d * (k - 1) + 1


def reference(X, K, dilation):
    """corr2d_dilated as the library computes it, for 2-D X and K."""
    return F.conv2d(X[None, None], K[None, None], dilation=dilation)[0, 0]


def reference_dilate(K, d):
    """The zero-inserted kernel, built tap by tap."""
    dh, dw = pair(d)
    kh, kw = K.shape[-2:]
    out = torch.zeros((*K.shape[:-2], effective(kh, dh), effective(kw, dw)), dtype=K.dtype)
    for a in range(kh):
        for b in range(kw):
            out[..., a * dh, b * dw] = K[..., a, b]
    return out


def _shape_after(X, K, eh, ew):
    return (X.shape[0] - eh + 1, X.shape[1] - ew + 1)


def diagnose(out, X, K, dilation):
    """Name the likely mistake behind a wrong corr2d_dilated output."""
    if not isinstance(out, torch.Tensor):
        return ""
    (dh, dw), (kh, kw), (H, W) = pair(dilation), K.shape, X.shape
    shape, right = tuple(out.shape), _shape_after(X, K, effective(kh, dh), effective(kw, dw))
    if shape == _shape_after(X, K, kh * dh, kw * dw) and shape != right:
        return f"effective size taken as k*d; {EFFECTIVE} (d - 1 zeros between taps, none after)"
    if shape == _shape_after(X, K, effective(kh, dh + 1), effective(kw, dw + 1)):
        return (
            "d zeros between the taps: with dilation d there are d - 1 (PyTorch's dilation 1 is "
            "the ordinary convolution)"
        )
    if shape == ((H - kh) // dh + 1, (W - kw) // dw + 1) and shape != right:
        return (
            "that is stride, not dilation: every output position is computed, only the taps "
            "of the kernel are d apart"
        )
    if shape == _shape_after(X, K, effective(kh, dw), effective(kw, dh)) and shape != right:
        return "the row and column dilations are swapped: dh goes with kh, dw with kw"
    if shape == _shape_after(X, K, kh, kw) and shape != right:
        return "the dilation is ignored: the output has the ordinary convolution's shape"
    if shape != right:
        return f"{EFFECTIVE}; the output has shape (H - eh + 1, W - ew + 1)"
    got = out.detach().double()
    if torch.allclose(got, reference(X, K.flip(0, 1), dilation), atol=1e-6):
        return "the kernel is flipped: that is convolution, not cross-correlation"
    if torch.allclose(got, reference(X, K, 1)[: shape[0], : shape[1]], atol=1e-6):
        return (
            "the taps are adjacent: the window must take every d-th row and column, "
            "X[i : i + eh : dh, j : j + ew : dw]"
        )
    return "window (i, j) starts at (i, j) and reads X[i + dh*a, j + dw*b] for tap (a, b)"


def _call(function, *args):
    """A student call that must return; a raise (other than "not implemented yet")
    becomes None and its message."""
    try:
        return function(*args), ""
    except StudentCodeError as error:
        if error.remote_type == "NotImplementedError":
            raise
        return None, str(error)


# -- corr2d_dilated against the library ----------------------------------------------------
def _random_cases(rng):
    """Non-square inputs and kernels, int and pair dilations, an effective kernel exactly
    as large as the input, a non-contiguous input."""
    kh, kw = distinct(rng, (2, 3), (1, 3))
    d = randint(rng, 2, 3)
    dh, dw = distinct(rng, (2, 3), (1, 3))
    cases = []
    for (a, b), dilation in (((kh, kw), d), ((kw, kh), d), ((kh, kw), (dh, dw))):
        eh, ew = effective(a, pair(dilation)[0]), effective(b, pair(dilation)[1])
        H, W = eh + randint(rng, 1, 4), ew + randint(rng, 1, 4)
        while W == H:
            W += 1
        cases.append((randn(rng, H, W), randn(rng, a, b), dilation))
    K = randn(rng, 3, 2)
    cases.append((randn(rng, effective(3, d), effective(2, d) + 3), K, d))  # eh == H
    cases.append((randn(rng, effective(2, d) + 2, effective(3, d) + 1).T, K, d))  # view
    return cases


@pytest.mark.points(6)
def test_corr2d_dilated_matches_conv2d(impl, rng, seed):
    for X, K, dilation in _random_cases(rng):
        config = {"X": tuple(X.shape), "K": tuple(K.shape), "dilation": dilation, "seed": seed}
        out, error = _call(impl.corr2d_dilated, X, K, dilation)
        if error:
            (dh, dw), (kh, kw) = pair(dilation), K.shape
            too_big = kh * dh > X.shape[0] or kw * dw > X.shape[1]
            fail(
                f"corr2d_dilated [{describe(config)}]: the effective kernel fits the "
                f"input, but {error}. Likely mistake: "
                + (f"effective size taken as k*d; {EFFECTIVE}" if too_big else EFFECTIVE)
            )
        hint = diagnose(out, X, K, dilation)
        expect_close(
            out,
            reference(X, K, dilation),
            what="corr2d_dilated vs F.conv2d(..., dilation=d)",
            config=config,
            dtype=X.dtype,
            hint=hint,
            shape_hint=hint,
        )


@pytest.mark.points(1)
def test_zero_inserted_identity(impl, rng, seed):
    kh, kw, d = randint(rng, 2, 3), randint(rng, 2, 4), randint(rng, 2, 3)
    X, K = randn(rng, effective(kh, d) + 3, effective(kw, d) + 2), randn(rng, kh, kw)
    config = {"X": tuple(X.shape), "K": (kh, kw), "dilation": d, "seed": seed}
    dilated = expect_tensor(impl.dilate_kernel(K, d), what="dilate_kernel(K, d)", config=config)
    if dilated.dim() != 2 or dilated.shape[0] > X.shape[0] or dilated.shape[1] > X.shape[1]:
        fail(
            f"the identity corr2d_dilated(X, K, d) == corr2d(X, dilate_kernel(K, d)) "
            f"[{config}] cannot hold: dilate_kernel(K, d) has shape {tuple(dilated.shape)}. "
            f"Likely mistake: {EFFECTIVE}."
        )
    out = impl.corr2d_dilated(X, K, d)
    kernel_ok = dilated.shape == (effective(kh, d), effective(kw, d)) and torch.allclose(
        dilated.double(), reference_dilate(K, d)
    )
    expect_close(
        out,
        F.conv2d(X[None, None], dilated.double()[None, None])[0, 0],
        what="the identity corr2d_dilated(X, K, d) == corr2d(X, dilate_kernel(K, d))",
        config=config,
        dtype=X.dtype,
        hint=(
            "dilate_kernel is right, so corr2d_dilated is wrong: " + diagnose(out, X, K, d)
            if kernel_ok
            else "dilate_kernel(K, d) is not the zero-inserted kernel: "
            f"{EFFECTIVE}, with K[a, b] at [a*d, b*d] and zeros elsewhere"
        ),
        shape_hint=diagnose(out, X, K, d)
        or "the two functions disagree on the effective size d*(k - 1) + 1",
    )


# -- dilate_kernel ---------------------------------------------------------------------------
def diagnose_kernel(out, K, d):
    if not isinstance(out, torch.Tensor):
        return ""
    (dh, dw), (kh, kw) = pair(d), K.shape[-2:]
    shape = tuple(out.shape[-2:])
    if shape == (kh * dh, kw * dw) and shape != (effective(kh, dh), effective(kw, dw)):
        return (
            "zeros inserted after the last tap too (size k*d): the last tap sits at the last "
            f"position; {EFFECTIVE}"
        )
    if shape == (effective(kh, dh + 1), effective(kw, dw + 1)):
        return "d zeros between taps: dilation d puts d - 1 zeros (dilation 1 changes nothing)"
    if shape == (effective(kh, dw), effective(kw, dh)) and dh != dw:
        return "dh and dw swapped: rows are spread by dh, columns by dw"
    if shape != (effective(kh, dh), effective(kw, dw)):
        return EFFECTIVE
    got = out.detach().double()
    if torch.equal(got[..., ::dh, ::dw], K.double()):
        gaps = got.clone()
        gaps[..., ::dh, ::dw] = 0
        if bool(gaps.any()):
            return (
                "the taps are right, but dilation inserts zeros: zeros everywhere else "
                "(between the taps), not copies of the taps"
            )
    return "K[..., a, b] goes to out[..., a*dh, b*dw]; every other entry is zero"


@pytest.mark.points(2)
def test_dilate_kernel_random(impl, rng, seed):
    cases = [
        ((randint(rng, 2, 4), randint(rng, 2, 4)), randint(rng, 2, 4)),
        ((randint(rng, 1, 3), randint(rng, 2, 4)), (randint(rng, 2, 3), randint(rng, 1, 4))),
        ((1, randint(rng, 2, 3)), randint(rng, 2, 5)),
    ]
    for k_shape, d in cases:
        K = randn(rng, *k_shape)
        out = impl.dilate_kernel(K, d)
        hint = diagnose_kernel(out, K, d)
        expect_close(
            out,
            reference_dilate(K, d),
            what="dilate_kernel",
            config={"K": k_shape, "d": d, "seed": seed},
            dtype=K.dtype,
            hint=hint,
            shape_hint=hint,
        )


@pytest.mark.points(1)
def test_dilate_kernel_4d(impl, rng, seed):
    O, C = randint(rng, 2, 3), randint(rng, 4, 5)
    k_shape = (randint(rng, 2, 3), randint(rng, 2, 3))
    d = (randint(rng, 2, 3), randint(rng, 2, 3))
    K = randn(rng, O, C, *k_shape)
    config = {"K": (O, C, *k_shape), "d": d, "seed": seed}
    last_two = (
        "dilate only the LAST two dims: read (kh, kw) = K.shape[-2:], keep K.shape[:-2], and "
        "assign out[..., ::dh, ::dw] = K"
    )
    out, error = _call(impl.dilate_kernel, K, d)
    if error:
        fail(
            f"dilate_kernel on a conv weight (O, C, kh, kw) [{describe(config)}] "
            f"failed: {error}. Likely mistake: {last_two}"
        )
    leading_kept = isinstance(out, torch.Tensor) and tuple(out.shape[:2]) == (O, C)
    hint = diagnose_kernel(out, K, d) if leading_kept else last_two
    expect_close(
        out,
        reference_dilate(K, d),
        what="dilate_kernel on a conv weight (O, C, kh, kw)",
        config=config,
        dtype=K.dtype,
        hint=hint,
        shape_hint=hint,
    )


# -- dtypes, gradients, inputs ---------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32], ids=["float64", "float32"])
def test_dtype_kept(impl, rng, dtype):
    """Same dtype as X, with K of X's dtype and of the other one (a promise for both)."""
    other = torch.float32 if dtype == torch.float64 else torch.float64
    X = randn(rng, 7, 6, dtype=dtype)
    for K in (randn(rng, 2, 3, dtype=dtype), randn(rng, 2, 3, dtype=other)):
        out = expect_tensor(
            impl.corr2d_dilated(X, K, 2),
            what="corr2d_dilated output (same dtype as X, whatever K's dtype: allocate "
            "with dtype=X.dtype, not a float32 accumulator nor torch.promote_types(X, K))",
            dtype=dtype,
            config={"X": X, "K": K, "dilation": 2},
        )
        expect_close(
            out,
            reference(X.double(), K.double(), 2),
            what="corr2d_dilated output",
            config={"X": X, "K": K, "dilation": 2},
            dtype=dtype,
            rtol=1e-7 if dtype == torch.float64 and K.dtype == dtype else 1e-5,
            atol=1e-9 if dtype == torch.float64 and K.dtype == dtype else 1e-5,
            hint=diagnose(out, X.double(), K.double(), 2),
        )
        expect_tensor(
            impl.dilate_kernel(K, 2),
            what="dilate_kernel output (same dtype as K: a float32 zeros tensor breaks it; "
            "use K.new_zeros(...) or torch.zeros(..., dtype=K.dtype))",
            dtype=K.dtype,
            config={"K": K, "d": 2},
        )


@pytest.mark.points(1)
def test_device_kept(impl, rng):
    """The result stays on the input's device: inputs on the meta device (shapes and
    dtypes, no data) must give a result on the meta device; code that needs the values
    cannot run there and is not judged (``expect_device_kept``)."""
    for function, shapes, extra, rule, shape in (
        ("dilate_kernel", [(2, 3)], (2,), "on K's device", (3, 5)),
        ("corr2d_dilated", [(7, 8), (2, 3)], (2,), "same dtype and device as X", (5, 4)),
    ):
        call = impl.function(function)
        call(*(randn(rng, *size) for size in shapes), *extra)  # implemented at all?
        meta = [torch.empty(size, dtype=torch.float64, device="meta") for size in shapes]
        out = expect_device_kept(call, *meta, *extra, what=f"{function}: the result must be {rule}")
        if out is not None:
            expect_tensor(out, what=f"{function} on inputs on the meta device", shape=shape)


@pytest.mark.points(1)
def test_gradients_match_library(impl, rng, seed):
    d = (randint(rng, 1, 2), randint(rng, 2, 3))
    X, K = randn(rng, 8, 9), randn(rng, 3, 2)
    expect_gradients_match(
        impl,
        "corr2d_dilated",
        (X, K, d),
        reference,
        wrt={"X": 0, "K": 1},
        grad_output=rng,
        config={"X": (8, 9), "K": (3, 2), "dilation": d, "seed": seed},
        dtype=torch.float64,
        diagnose=lambda out: diagnose(out, X, K, d),
        graph_cut="keep the computation in torch operations on the inputs (building rows "
        "in a list or calling .item() cuts the graph)",
    )


@pytest.mark.points(1)
def test_inputs_not_modified(impl, rng, seed):
    def both(X, K):
        impl.corr2d_dilated(X, K, 2)
        impl.dilate_kernel(K, 3)

    expect_inputs_unchanged(
        impl,
        both,
        (randn(rng, 7, 8), randn(rng, 2, 3)),
        inputs={"X": 0, "K": 1},
        what="corr2d_dilated and dilate_kernel",
        config={"seed": seed},
        hint="the function modified its input in place (an in-place op such as mul_, +=, "
        "unsqueeze_, or writing into K): corr2d_dilated never modifies its inputs; write "
        "into a new tensor",
    )


# -- dilation 1 ------------------------------------------------------------------------------
@pytest.mark.points(1)
def test_dilation_one_is_ordinary(impl, rng, seed):
    X, K = randn(rng, randint(rng, 5, 7), randint(rng, 8, 9)), randn(rng, 3, 2)
    config = {"X": tuple(X.shape), "K": (3, 2), "dilation": 1, "seed": seed}
    ordinary = (
        "PyTorch's dilation 1 is the ordinary convolution: d - 1 = 0 zeros between taps, "
        "effective size d*(k - 1) + 1 = k"
    )
    for what, function, args, expected in (
        (
            "corr2d_dilated with dilation 1 vs the ordinary cross-correlation",
            "corr2d_dilated",
            (X, K, 1),
            reference(X, K, 1),
        ),
        ("dilate_kernel(K, 1)", "dilate_kernel", (K, 1), K),
    ):
        out, error = _call(impl.function(function), *args)
        if error:
            fail(
                f"{what} [{describe(config)}]: {error}. The dilation is an int or a "
                "pair, each at least 1, so 1 is valid: " + ordinary
            )
        expect_close(
            out,
            expected,
            what=what,
            config=config,
            dtype=X.dtype,
            hint=ordinary,
            shape_hint=ordinary,
        )
    n, k, p, s = randint(rng, 6, 20), randint(rng, 1, 5), randint(rng, 0, 2), randint(rng, 1, 3)
    expect_equal(
        impl.conv_output_size(n, k, p, s),
        (n + 2 * p - k) // s + 1,
        what="conv_output_size with the default dilation (1)",
        config={"n": n, "k": k, "padding": p, "stride": s},
        hint=ordinary + "; the default must be dilation=1",
    )


@pytest.mark.points(1)
def test_dilation_int_or_pair(impl, rng, seed):
    """The dilation is an int or a (dh, dw) pair, for both functions."""
    dh, dw = 2, 3
    K = randn(rng, randint(rng, 2, 3), randint(rng, 2, 3))
    X = randn(rng, effective(K.shape[0], dh) + 2, effective(K.shape[1], dw) + 3)
    rule = (
        "the dilation is an int or (dh, dw), a pair: dh spreads the rows (goes with kh), "
        "dw the columns (goes with kw); an int d means (d, d)"
    )
    cases = (
        (
            "dilate_kernel(K, (dh, dw))",
            "dilate_kernel",
            (K, (dh, dw)),
            reference_dilate(K, (dh, dw)),
        ),
        ("dilate_kernel(K, d)", "dilate_kernel", (K, dh), reference_dilate(K, dh)),
        (
            "corr2d_dilated(X, K, (dh, dw))",
            "corr2d_dilated",
            (X, K, (dh, dw)),
            reference(X, K, (dh, dw)),
        ),
        ("corr2d_dilated(X, K, d)", "corr2d_dilated", (X, K, dh), reference(X, K, dh)),
    )
    for what, function, args, expected in cases:
        config = {"K": tuple(K.shape), "dilation": args[-1], "seed": seed}
        if function == "corr2d_dilated":
            config = {"X": tuple(X.shape), **config}
        out, error = _call(impl.function(function), *args)
        if error:
            fail(f"{what} [{describe(config)}]: {error}. Likely mistake: {rule}")
        expect_close(
            out,
            expected,
            what=what,
            config=config,
            dtype=X.dtype,
            hint=rule,
            shape_hint=rule,
        )


# -- conv_output_size on a grid ----------------------------------------------------------------
def library_sizes(configs):
    """The library's output length for each (n, k, p, s, d), from real F.conv2d output
    shapes on the meta device (two configurations per call: one per spatial dim)."""
    sizes = []
    for first, second in itertools.zip_longest(configs[::2], configs[1::2], fillvalue=configs[0]):
        (n1, k1, p1, s1, d1), (n2, k2, p2, s2, d2) = first, second
        out = F.conv2d(
            torch.empty(1, 1, n1, n2, device="meta"),
            torch.empty(1, 1, k1, k2, device="meta"),
            padding=(p1, p2),
            stride=(s1, s2),
            dilation=(d1, d2),
        )
        sizes += [out.shape[2], out.shape[3]]
    return sizes[: len(configs)]


def fits(n, k, p, s, d):
    return effective(k, d) <= n + 2 * p


def diagnose_size(got, n, k, p, s, d):
    if not isinstance(got, int | float):
        return ""
    candidates = [
        (
            (n + 2 * p - k) // s + 1,
            "the formula misses the dilation: use the effective size d*(k - 1) + 1 in place of k",
        ),
        ((n + 2 * p - k * d) // s + 1, f"effective size taken as k*d; {EFFECTIVE}"),
        (
            (n + 2 * p - d * (k - 1)) // s + 1,
            "the '- 1' is missing: the effective kernel is d*(k - 1) + 1 long",
        ),
        (
            (n + 2 * p - effective(k, d + 1)) // s + 1,
            "d zeros between taps: with dilation d there are d - 1 (dilation 1 is ordinary)",
        ),
        ((n + p - effective(k, d)) // s + 1, "padding is per side: add 2p, not p"),
        (-(-(n + 2 * p - effective(k, d)) // s) + 1, "rounded up: the size uses floor"),
        ((n + 2 * p - effective(k, d)) // s, "the '+ 1' is missing: the first window counts"),
    ]
    for value, hint in candidates:
        if got == value:
            return hint
    return "floor((n + 2p - d(k - 1) - 1) / s) + 1"


@pytest.mark.points(4)
def test_output_size_matches_library(impl, rng, seed):
    grid = [
        c
        for c in itertools.product(range(1, 11), range(1, 5), range(3), range(1, 4), range(1, 4))
        if fits(*c)
    ]
    wide = []
    while len(wide) < 60:
        config = (
            randint(rng, 1, 300),
            randint(rng, 1, 11),
            randint(rng, 0, 5),
            randint(rng, 1, 5),
            randint(rng, 1, 6),
        )
        if fits(*config):
            wide.append(config)
    configs = grid + wide
    for config, want in zip(configs, library_sizes(configs), strict=True):
        n, k, p, s, d = config
        where = {"n": n, "k": k, "padding": p, "stride": s, "dilation": d, "seed": seed}
        got, error = _call(impl.conv_output_size, n, k, p, s, d)
        if error:
            hint = (
                f"effective size taken as k*d; {EFFECTIVE}"
                if k * d > n + 2 * p
                else "the effective kernel d*(k - 1) + 1 fits the padded length n + 2p here"
            )
            fail(
                f"conv_output_size [{describe(where)}]: the library accepts this "
                f"configuration, but {error}. Likely mistake: {hint}"
            )
        if not isinstance(got, int) or isinstance(got, bool):
            fail(
                f"conv_output_size [{describe(where)}]: returned a "
                f"{getattr(got, 'type_name', type(got).__name__)}, expected an int. Likely "
                "mistake: '/' gives a float; use floor division '//'"
            )
        expect_equal(
            got,
            want,
            what="conv_output_size vs the library's output size",
            config=where,
            hint=diagnose_size(got, n, k, p, s, d),
        )


# -- receptive fields -------------------------------------------------------------------------
def receptive_field_by_gradient(layers):
    """The span of input positions that reach the first output unit, found by back-
    propagating through real all-ones 1-D convolutions (independent of the formula)."""
    length, reach = 1, 1
    for k, s, d in layers:
        reach *= s
        length += (k - 1) * d
    length = length * reach + 1  # generous: every layer's reach counted at the largest jump
    x = torch.ones(1, 1, length, dtype=torch.float64, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
    (grad,) = torch.autograd.grad(y[0, 0, 0], x)
    return int(grad[0, 0].nonzero().max()) + 1


def diagnose_field(got, layers):
    jumps = [1]
    for _, s, _ in layers:
        jumps.append(jumps[-1] * s)
    candidates = [
        (
            1 + sum((k - 1) * d for k, _, d in layers),
            "the jump is missing: a layer's (k-1)*d "
            "counts its input's units, which are jump = product of earlier strides pixels apart",
        ),
        (
            1 + sum((k - 1) * d * j for (k, _, d), j in zip(layers, jumps[1:], strict=False)),
            "the jump is updated too early: a layer's own stride only spreads LATER layers",
        ),
        (
            1 + sum((k * d - 1) * j for (k, _, d), j in zip(layers, jumps, strict=False)),
            f"effective size taken as k*d; {EFFECTIVE}",
        ),
        (
            1 + sum((k - 1) * j for (k, _, _), j in zip(layers, jumps, strict=False)),
            "the dilation is missing: each layer adds (k - 1) * d * jump",
        ),
        (
            sum(effective(k, d) * j for (k, _, d), j in zip(layers, jumps, strict=False)),
            "the effective sizes are added up, but consecutive layers overlap: start from r = 1 "
            "and add (k - 1) * d * jump",
        ),
    ]
    for value, hint in candidates:
        if got == value:
            return hint
    return "r = 1, jump = 1; for each layer: r += (k - 1) * d * jump; jump *= s"


@pytest.mark.points(3)
def test_receptive_field_random(impl, rng, seed):
    for index in range(4):
        depth = randint(rng, 2, 4)
        layers = [
            (randint(rng, 1, 5), randint(rng, 1, 3), randint(rng, 1, 4)) for _ in range(depth)
        ]
        if index == 0:  # a stride before the last layer, so that the jump matters
            layers[0] = (randint(rng, 2, 5), randint(rng, 2, 3), 1)
            layers[1] = (randint(rng, 2, 5), layers[1][1], randint(rng, 2, 4))
        got = impl.receptive_field(layers)
        expect_equal(
            got,
            receptive_field_by_gradient(layers),
            what="receptive_field",
            config={"layers (k, s, d)": layers, "seed": seed},
            hint=diagnose_field(got, layers),
        )


@pytest.mark.points(1)
def test_receptive_field_rules(impl, rng, seed):
    """Each k, s, d at least 1 (a 1x1 layer is valid), an empty list, an int, the errors."""
    layers = [(1, 1, 1), (3, randint(rng, 1, 2), 1), (1, 2, 3)]
    got, error = _call(impl.receptive_field, layers)
    if error:
        fail(
            f"receptive_field({layers}): {error}. k, s and d are each at least 1, so a layer "
            "(1, 1, 1) or a 1x1 convolution (k = 1) is valid and adds nothing"
        )
    expect_equal(
        got,
        3,
        what=f"receptive_field({layers})",
        config={"seed": seed},
        hint="each at least 1: a layer with k = 1 adds (k - 1) * d * jump = 0",
    )
    got, error = _call(impl.receptive_field, [])
    empty = "an empty list is the input itself: its receptive field is 1"
    if error:
        fail(f"receptive_field([]): {error}. Likely mistake: {empty}")
    expect_equal(got, 1, what="receptive_field([])", hint=empty)
    layers = [(3, 2, 1), (3, 1, 2)]
    got = impl.receptive_field(layers)
    if not isinstance(got, int) or isinstance(got, bool):
        fail(
            f"receptive_field({layers}): returned a "
            f"{getattr(got, 'type_name', type(got).__name__)}, expected an int. Likely "
            "mistake: start from r = 1 and jump = 1 (ints), not 1.0"
        )
    for bad in ((0, 1, 1), (3, 0, 1), (3, 1, 0)):
        expect_raises(
            lambda bad=bad: impl.receptive_field([(3, 1, 1), bad]),
            ValueError,
            what=f"receptive_field with a layer {bad} (some k, s or d is below 1)",
            config={"seed": seed},
            hint="raise ValueError when some k, s or d is below 1",
        )


# -- reached_pixels: the gridding effect ---------------------------------------------------------
def reached_by_gradient(dilations, k):
    """Where the gradient of the one output of the stack (all-ones k x k kernels, so nothing
    cancels) on an input exactly its receptive field is nonzero."""
    r = 1 + (k - 1) * sum(dilations)
    x = torch.zeros(1, 1, r, r, dtype=torch.float64, requires_grad=True)
    y = x
    for d in dilations:
        y = F.conv2d(y, torch.ones(1, 1, k, k, dtype=torch.float64), dilation=d)
    assert y.shape == (1, 1, 1, 1)
    (grad,) = torch.autograd.grad(y.sum(), x)
    return grad[0, 0] != 0


def expect_reached(impl, dilations, k, config):
    expected = reached_by_gradient(dilations, k)
    what = f"reached_pixels({dilations}, {k})"
    mask = expect_tensor(
        impl.reached_pixels(dilations, k),
        what=what,
        shape=expected.shape,
        dtype=torch.bool,
        config=config,
        shape_hint="a 2-D mask of shape (r, r), r = 1 + (k - 1) * sum(dilations): the "
        "receptive field of the stack",
        dtype_hint="return a bool tensor (torch.bool), e.g. line[:, None] & line[None, :]",
    )
    if torch.equal(mask, expected):
        return
    if bool(mask.all()):
        hint = (
            "every pixel of the span is marked, but the stack leaves holes (gridding): a layer "
            "with dilation d shifts the reached offsets by 0, d, ..., (k - 1) * d only"
        )
    else:
        hint = "a layer with dilation d adds 0, d, ..., (k - 1) * d to every offset reached so far"
    missed, extra = (expected & ~mask).nonzero().tolist(), (mask & ~expected).nonzero().tolist()
    fail(
        f"{what} [{describe(config)}]: wrong pixels ({len(missed)} reached ones missed, e.g. "
        f"{missed[:3]}; {len(extra)} marked that cannot reach the output, e.g. {extra[:3]}; "
        f"compared with the gradient of one output with respect to the input). Likely mistake: "
        f"{hint}"
    )


@pytest.mark.points(3)
def test_reached_pixels_matches_gradient(impl, rng, seed):
    cases = [([2, 2, 2], 3), ([1, randint(rng, 3, 5)], 2)]  # a grid; holes, no common factor
    for _ in range(3):
        depth, k = randint(rng, 1, 4), randint(rng, 2, 4)
        cases.append(([randint(rng, 1, 4) for _ in range(depth)], k))
    for dilations, k in cases:
        expect_reached(impl, dilations, k, {"dilations": dilations, "k": k, "seed": seed})


@pytest.mark.points(1)
def test_reached_pixels_rules(impl, rng, seed):
    """Dilation 1 and k = 1 are valid, an empty list is the input itself, the errors."""
    config = {"seed": seed}
    for dilations, k, rule in (
        ([1, 1], randint(rng, 2, 3), "each dilation is at least 1: dilation 1 is valid"),
        ([2, 1], 1, "k is at least 1: a 1 x 1 layer is valid and reaches only its own pixel"),
        ([], randint(rng, 1, 3), "an empty list is the input itself: a 1 x 1 mask, True"),
    ):
        try:
            expect_reached(impl, dilations, k, config)
        except StudentCodeError as error:
            if error.remote_type == "NotImplementedError":
                raise
            fail(f"reached_pixels({dilations}, {k}) must work, but it raised: {error}. {rule}")
    for dilations, k, why in (
        ([1, 2], 0, "k is below 1"),
        ([1, 0, 2], 3, "a dilation is below 1"),
        ([-1], 2, "a dilation is below 1"),
    ):
        expect_raises(
            lambda dilations=dilations, k=k: impl.reached_pixels(dilations, k),
            ValueError,
            what=f"reached_pixels({dilations}, {k}) ({why})",
            config=config,
            hint=f"raise ValueError if {why}, never clamp it",
        )


# -- errors, library ----------------------------------------------------------------------------
@pytest.mark.points(2)
def test_effective_kernel_too_large_raises(impl, rng, seed):
    kh, kw, d = randint(rng, 2, 3), randint(rng, 2, 3), randint(rng, 2, 3)
    H, W = randint(rng, kh, effective(kh, d) - 1), effective(kw, d) + randint(rng, 0, 2)
    X, K = randn(rng, H, W), randn(rng, kh, kw)
    expect_raises(
        lambda: impl.corr2d_dilated(X, K, d),
        ValueError,
        what=f"corr2d_dilated with a {kh}x{kw} kernel and dilation {d} (effective "
        f"{effective(kh, d)}x{effective(kw, d)}) on a {H}x{W} input (the effective kernel "
        "is larger than X)",
        config={"seed": seed},
        hint="compare the EFFECTIVE size d*(k - 1) + 1, not k, with the input's, and raise "
        "ValueError",
    )
    n, k, p = randint(rng, 3, 8), randint(rng, 2, 4), randint(rng, 0, 1)
    dd = (n + 2 * p) // (k - 1) + 1  # the smallest dilation whose kernel does not fit
    expect_raises(
        lambda: impl.conv_output_size(n, k, p, 1, dd),
        ValueError,
        what=f"conv_output_size(n={n}, k={k}, padding={p}, stride=1, dilation={dd}), an "
        f"effective kernel of {effective(k, dd)} on a padded length of {n + 2 * p} (the "
        "effective kernel is longer than n + 2 * padding)",
        config={"seed": seed},
        hint="the library refuses this configuration; raise ValueError when d*(k - 1) + 1 > n + 2p",
    )


OUT_OF_RANGE = "an argument out of range must raise ValueError"


@pytest.mark.points(2)
def test_documented_errors(impl, rng, seed):
    """Every Raises clause of dilate_kernel, corr2d_dilated and conv_output_size."""
    X, K = randn(rng, 7, 8), randn(rng, 2, 3)
    below_1 = "raise ValueError for a dilation below 1 (0 means nothing; 1 is the ordinary "
    below_1 += "convolution), never clamp it"
    cases = [
        (
            "dilate_kernel with a 1-D K (K has fewer than two dims)",
            lambda: impl.dilate_kernel(randn(rng, 4), 2),
            "raise ValueError when K has fewer than two dims",
        ),
        ("dilate_kernel(K, 0): a dilation is below 1", lambda: impl.dilate_kernel(K, 0), below_1),
        (
            "dilate_kernel(K, (2, -1)): a dilation is below 1",
            lambda: impl.dilate_kernel(K, (2, -1)),
            below_1,
        ),
        (
            "corr2d_dilated with a 3-D X (X or K is not 2-D)",
            lambda: impl.corr2d_dilated(randn(rng, 1, 7, 8), K, 1),
            "raise ValueError when X or K is not 2-D",
        ),
        (
            "corr2d_dilated with a 3-D K (X or K is not 2-D)",
            lambda: impl.corr2d_dilated(X, randn(rng, 1, 2, 3), 1),
            "raise ValueError when X or K is not 2-D",
        ),
        (
            "corr2d_dilated(X, K, 0): a dilation is below 1",
            lambda: impl.corr2d_dilated(X, K, 0),
            below_1,
        ),
        (
            "corr2d_dilated(X, K, (0, 2)): a dilation is below 1",
            lambda: impl.corr2d_dilated(X, K, (0, 2)),
            below_1,
        ),
    ]
    for args, rule in (
        ((0, 1, 1, 1, 1), "n must be at least 1"),
        ((5, 0, 0, 1, 1), "k must be at least 1"),
        ((8, 3, -1, 1, 1), "padding must be at least 0"),
        ((8, 3, 1, 0, 1), "stride must be at least 1"),
        ((5, 3, 0, 1, 0), "dilation must be at least 1"),
    ):
        n, k, p, s, d = args
        cases.append(
            (
                f"conv_output_size(n={n}, k={k}, padding={p}, stride={s}, dilation={d}): "
                f"{rule}, and {OUT_OF_RANGE}",
                lambda args=args: impl.conv_output_size(*args),
                "check every argument's range first",
            )
        )
    for what, call, hint in cases:
        expect_raises(call, ValueError, what=what, config={"seed": seed}, hint=hint)


@pytest.mark.points(1)
def test_no_library_convolution(impl, exercise, rng):
    X, K = randn(rng, 8, 7), randn(rng, 3, 2)
    expect_no_library_ops(
        impl, "corr2d_dilated", X, K, 2, families=exercise.forbidden.get("corr2d_dilated", [])
    )


# -- quiz: each answer against the graded student's own key ------------------------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "dilation").tests()
