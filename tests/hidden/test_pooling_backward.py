"""Hidden checks for exercise 7, pooling_backward: forward against the library's pooling,
backward against the autograd gradient of the library's pooling (random dout, inputs
without ties), ties on their own, overlapping windows, the default stride, dtypes, inputs
left alone, no autograd or library pooling, and the quiz (each answer against the key of
the graded student's own variant, recomputed from the reference solution).

References are computed here, in the trusted process, in float64, with
torch.nn.functional.max_pool2d / avg_pool2d and torch.autograd.grad. The student's cache
stays in the student's worker: the checks hold it as a handle and hand it back.
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
    expect_no_library_ops,
    expect_tensor,
    fail,
    pair,
    randint,
    randn,
)
from autograder.quiz.grading import QuizChecks

LIBRARY = {"max": F.max_pool2d, "avg": F.avg_pool2d}
DX_SHAPE_HINT = "dx has the shape of x, (N, C, H, W), not the shape of dout"


def reference(kind, x, kernel, stride=None):
    return LIBRARY[kind](x.double(), kernel, stride)


def reference_grad(kind, x, kernel, stride, dout):
    """dx of the library's pooling for the cotangent dout, by autograd, in float64."""
    leaf = x.detach().double().clone().requires_grad_(True)
    return torch.autograd.grad(LIBRARY[kind](leaf, kernel, stride), leaf, dout.double())[0]


def distinct(rng, *shape):
    """A random permutation of distinct values: no window has a tie."""
    n = 1
    for size in shape:
        n *= size
    return (torch.randperm(n, generator=rng).to(torch.float64).reshape(shape) - n / 2) / n


def forward(impl, kind, x, kernel, stride=None, *, x_shape=None):
    """The student's forward, kept in the worker: (out as data, cache as a handle)."""
    function = impl.function(f"{kind}_pool2d_forward")
    result = function.keep(x, kernel) if stride is None else function.keep(x, kernel, stride)
    out = result.item(0)
    dims = len(x_shape) if x_shape is not None else x.dim()
    if not isinstance(out, torch.Tensor) or out.dim() != dims:
        fail(
            f"{kind}_pool2d_forward must return a pair (out, cache), out of shape "
            "(N, C, OH, OW), but its first item is not such a tensor. Likely mistake: "
            "returning out alone; return out, cache"
        )
    return out, result.item(1, keep=True)


# -- a trusted-side model of the usual mistakes, to name them in messages -------------------
def _windows(shape, out_hw, kernel, stride, offset):
    """(i, j, row slice, column slice) of every window; None if one leaves the input."""
    (kh, kw), (sh, sw) = kernel, stride
    step_h, step_w = {"stride": (sh, sw), "kernel": (kh, kw), "unit": (1, 1)}[offset]
    found = []
    for i in range(out_hw[0]):
        for j in range(out_hw[1]):
            r, c = i * step_h, j * step_w
            if r + kh > shape[2] or c + kw > shape[3]:
                return None
            found.append((i, j, slice(r, r + kh), slice(c, c + kw)))
    return found


def model_forward(kind, x, kernel, stride, *, offset="stride", divide="window", swap=False):
    kernel, stride = pair(kernel), pair(stride)
    if swap:
        kernel, stride = kernel[::-1], stride[::-1]
    size = ((x.shape[2] - kernel[0]) // stride[0] + 1, (x.shape[3] - kernel[1]) // stride[1] + 1)
    if min(size) < 1:
        return None
    windows = _windows(x.shape, size, kernel, stride, offset)
    if windows is None:
        return None
    out = torch.zeros(x.shape[:2] + size, dtype=torch.float64)
    for i, j, rows, cols in windows:
        window = x[:, :, rows, cols].double()
        if kind == "max":
            out[:, :, i, j] = window.amax(dim=(2, 3))
        else:
            out[:, :, i, j] = (
                window.sum(dim=(2, 3))
                / {"window": window[0, 0].numel(), "none": 1, "kh": kernel[0]}[divide]
            )
    return out


def model_backward(
    kind, x, kernel, stride, dout, *, offset="stride", tie="first", write="add", divide="window"
):
    """dx as a hand-written backward computes it, with one mistake or none."""
    (kh, kw), stride = pair(kernel), pair(stride)
    windows = _windows(x.shape, dout.shape[2:], (kh, kw), stride, offset)
    if windows is None:
        return None
    N, C = x.shape[:2]
    dx = torch.zeros(x.shape, dtype=torch.float64)
    for i, j, rows, cols in windows:
        window = x[:, :, rows, cols].double().reshape(N, C, kh * kw)
        if kind == "max":
            ties = (window == window.amax(dim=2, keepdim=True)).double()
            if tie == "first":
                weight = torch.zeros_like(window).scatter_(2, window.argmax(2, keepdim=True), 1)
            elif tie == "last":
                last = kh * kw - 1 - ties.flip(2).argmax(2, keepdim=True)
                weight = torch.zeros_like(window).scatter_(2, last, 1)
            elif tie == "split":
                weight = ties / ties.sum(2, keepdim=True)
            else:  # "all"
                weight = ties
        else:
            weight = torch.ones_like(window) / {"window": kh * kw, "none": 1, "kh": kh}[divide]
        part = (weight * dout[:, :, i, j, None].double()).reshape(N, C, kh, kw)
        if write == "add":
            dx[:, :, rows, cols] += part
        elif write == "window":
            dx[:, :, rows, cols] = part
        else:  # "element": only the routed positions are overwritten
            block = dx[:, :, rows, cols]
            dx[:, :, rows, cols] = torch.where(weight.reshape(part.shape) != 0, part, block)
    return dx


SWAPPED = "height and width swapped: kh and sh go with H (dim 2), kw and sw with W (dim 3)"
FORWARD_MISTAKES = [
    ({"swap": True}, SWAPPED),
    (
        {"offset": "kernel"},
        "window (i, j) starts at row i*kh (the kernel size) instead of i*sh (the stride)",
    ),
    (
        {"offset": "unit"},
        "window (i, j) starts at row i instead of i*sh: the stride is missing "
        "from the window's position",
    ),
    ({"divide": "none"}, "the window's sum is not divided by the window size kh * kw"),
    ({"divide": "kh"}, "the window's sum is divided by kh only, not by the window size kh * kw"),
]
BACKWARD_MISTAKES = [
    (
        {"tie": "last"},
        "ties: the gradient went to the LAST maximum of the window; PyTorch's "
        "rule sends it to the first maximum in row-major order (torch.argmax of the flattened "
        "window)",
    ),
    (
        {"tie": "split"},
        "ties: the gradient was split evenly among the tied maxima; that is a "
        "valid subgradient but not PyTorch's rule, which sends it all to the first maximum in "
        "row-major order",
    ),
    (
        {"tie": "all"},
        "ties: every tied maximum got the full gradient (a mask window == max); "
        "only the first maximum in row-major order may receive it",
    ),
    (
        {"write": "window"},
        "windows overlap and a later window overwrote the gradient an earlier "
        "one put there: accumulate with += instead of =",
    ),
    (
        {"write": "element"},
        "an input that is the maximum of several overlapping windows kept "
        "only one window's gradient: accumulate with += instead of =",
    ),
    (
        {"offset": "kernel"},
        "window (i, j) starts at row i*kh (the kernel size) instead of i*sh (the stride)",
    ),
    (
        {"offset": "unit"},
        "window (i, j) starts at row i instead of i*sh: the stride is missing "
        "from the window's position",
    ),
    ({"divide": "none"}, "dout is not divided by the window size kh * kw"),
    ({"divide": "kh"}, "dout is divided by kh only, not by the window size kh * kw"),
]


def _matches(got, candidate, want):
    """``got`` equals ``candidate``, and ``candidate`` is not the right answer anyway."""
    return (
        isinstance(got, torch.Tensor)
        and candidate is not None
        and tuple(got.shape) == tuple(candidate.shape)
        and candidate.shape == want.shape
        and not torch.allclose(candidate, want, rtol=1e-7, atol=1e-9)
        and torch.allclose(got.detach().double(), candidate, rtol=1e-7, atol=1e-9)
    )


def close_enough(got, want):
    """expect_close's own criterion, to skip naming a mistake when there is none."""
    if want is None or not isinstance(got, torch.Tensor) or tuple(got.shape) != tuple(want.shape):
        return False
    difference = (got.detach().double() - want).abs()
    return bool((difference <= 1e-9 + 1e-7 * want.abs()).all())


def size_hint(kind, out, x, kernel, stride):
    """Name the likely mistake behind a wrong output shape."""
    (kh, kw), (sh, sw) = pair(kernel), pair(stride)
    H, W = x.shape[2:]
    right = ((H - kh) // sh + 1, (W - kw) // sw + 1)
    if not isinstance(out, torch.Tensor) or out.dim() != 4 or tuple(out.shape[2:]) == right:
        return ""
    if close_enough(out, model_forward(kind, x, kernel, stride, swap=True)):
        return SWAPPED
    shape = tuple(out.shape[2:])
    if shape == ((H - kh) // sh, (W - kw) // sw) or shape in (
        ((H - kh) // sh, right[1]),
        (right[0], (W - kw) // sw),
    ):
        return "one row short: there are floor((H - kh) / sh) + 1 windows along H"
    if shape == (-(-(H - kh) // sh) + 1, -(-(W - kw) // sw) + 1):
        return (
            "a partial window at the edge was kept (ceil, as if padded): there is no padding, "
            "windows that stick out past the edge are dropped, floor((H - kh) / sh) + 1"
        )
    if shape == (H // sh, W // sw):
        return "H // sh windows: the count is floor((H - kh) / sh) + 1"
    if shape == ((H - kw) // sw + 1, (W - kh) // sh + 1) or shape == right[::-1]:
        return SWAPPED
    if shape == (H - kh + 1, W - kw + 1):
        return "the stride is ignored (stride 1)"
    return "the size is floor((n - k) / s) + 1 along each dimension"


def forward_hint(kind, out, x, kernel, stride):
    want = reference(kind, x, kernel, stride)
    if close_enough(out, want):
        return ""
    for mistake, hint in FORWARD_MISTAKES:
        if kind == "max" and "divide" in mistake:
            continue
        if _matches(out, model_forward(kind, x, kernel, stride, **mistake), want):
            return hint
    if kind == "avg":
        return "out[n, c, i, j] is the mean of x[n, c, i*sh : i*sh + kh, j*sw : j*sw + kw]"
    return "out[n, c, i, j] is the largest value of x[n, c, i*sh : i*sh + kh, j*sw : j*sw + kw]"


def backward_hint(kind, dx, x, kernel, stride, dout, fallback):
    want = reference_grad(kind, x, kernel, stride, dout)
    if close_enough(dx, want):
        return ""
    if isinstance(dx, torch.Tensor) and tuple(dx.shape) == tuple(x.shape):
        for mistake, hint in BACKWARD_MISTAKES:
            if ("divide" in mistake) if kind == "max" else ("tie" in mistake):
                continue
            candidate = model_backward(kind, x, kernel, stride, dout, **mistake)
            if _matches(dx, candidate, want):
                return hint
    return fallback


def check_forward(impl, kind, x, kernel, stride, config):
    out, cache = forward(impl, kind, x, kernel, stride)
    expect_close(
        out,
        reference(kind, x, kernel, stride),
        what=f"{kind}_pool2d_forward vs the library's {kind} pooling",
        dtype=x.dtype,
        config=config,
        shape_hint=size_hint(kind, out, x, kernel, kernel if stride is None else stride),
        hint=forward_hint(kind, out, x, kernel, kernel if stride is None else stride),
    )
    return cache


def check_backward(impl, kind, x, kernel, stride, dout, config, fallback):
    _, cache = forward(impl, kind, x, kernel, stride)
    dx = impl.function(f"{kind}_pool2d_backward")(dout, cache)
    expect_close(
        dx,
        reference_grad(kind, x, kernel, stride, dout),
        what=f"{kind}_pool2d_backward vs the autograd gradient of the library's {kind} pooling",
        dtype=dout.dtype,
        config=config,
        shape_hint=DX_SHAPE_HINT,
        hint=backward_hint(
            kind, dx, x, kernel, kernel if stride is None else stride, dout, fallback
        ),
    )


def non_overlapping_cases(rng):
    """(x shape, kernel, stride): non-square input and kernel, H not divisible by the stride,
    strides larger than the kernel (gaps), int and pair arguments. No window overlaps."""
    kh = randint(rng, 2, 3)
    kw = 5 - kh  # 3 or 2: never square
    sh, sw = kh + 1, kw
    H = randint(rng, 2 * sh + kh - 1, 3 * sh + kh - 1)
    if H % sh == 0:
        H += 1
    W = H + randint(rng, 1, 3)
    k = randint(rng, 2, 3)
    H2, W2 = randint(rng, 2 * k + 3, 3 * k + 3), randint(rng, k + 3, 3 * k + 3)
    if H2 % k == 0:
        H2 += 1
    N, C = randint(rng, 1, 2), randint(rng, 2, 3)
    return [
        ((N, C, H, W), (kh, kw), (sh, sw)),
        ((C, N, W, H), (kw, kh), (sw, sh)),
        ((N, C, H2, W2), k, k + 1),
        ((N, C, H2, W2), k, k),
        ((1, 1, 5, 4), (5, 4), 1),
    ]


# -- forward ---------------------------------------------------------------------------------
@pytest.mark.points(4)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_forward_matches_library(impl, rng, seed, kind):
    cases = non_overlapping_cases(rng) + [((2, 2, 9, 8), 3, 2), ((1, 2, 7, 9), (3, 2), (2, 1))]
    for x_shape, kernel, stride in cases:
        x = randn(rng, *x_shape)
        config = {"x": x_shape, "kernel_size": kernel, "stride": stride, "seed": seed}
        check_forward(impl, kind, x, kernel, stride, config)


# Every accepted form of the arguments: (description, kernel_size, stride, whether the call
# passes stride), on an input of shape (2, 2, 7, 8).
ARGUMENT_FORMS = [
    ("kernel_size as an int (int or (kh, kw))", 3, None, False),
    ("kernel_size as a (kh, kw) pair (int or (kh, kw))", (3, 2), None, False),
    ("stride as an int (int or (sh, sw))", (2, 3), 2, True),
    ("stride as an (sh, sw) pair (int or (sh, sw))", 2, (1, 2), True),
    ("stride=None given explicitly (None means kernel_size)", (2, 3), None, True),
    ("a window as large as the input (kernel_size at most (H, W))", (7, 8), 1, True),
]


@pytest.mark.points(1)
def test_accepted_arguments(impl, rng, seed):
    x = distinct(rng, 2, 2, 7, 8)
    for kind in ("max", "avg"):
        function = impl.function(f"{kind}_pool2d_forward")
        for form, kernel, stride, passed in ARGUMENT_FORMS:
            where = f"{kind}_pool2d_forward with {form}"
            config = {"x": (2, 2, 7, 8), "kernel_size": kernel, "stride": stride, "seed": seed}
            try:
                result = function.keep(x, kernel, stride) if passed else function.keep(x, kernel)
                out = result.item(0)
            except StudentCodeError as error:
                fail(f"{where} [{describe(config)}] must work, but it raised an error: {error}")
            expect_close(
                out,
                reference(kind, x, kernel, stride),
                what=where,
                dtype=x.dtype,
                config=config,
                shape_hint=size_hint(kind, out, x, kernel, kernel if stride is None else stride),
                hint=f"accept {form}; _pair turns an int into a pair",
            )


@pytest.mark.points(1)
def test_stride_defaults_to_kernel_size(impl, rng, seed):
    hint = "stride defaults to kernel_size (non-overlapping windows), not to 1"
    for kind in ("max", "avg"):
        for x_shape, kernel in (((2, 2, 7, 10), (2, 3)), ((1, 3, 8, 7), 3)):
            x = distinct(rng, *x_shape)
            config = {"x": x_shape, "kernel_size": kernel, "stride": "not given", "seed": seed}
            out, cache = forward(impl, kind, x, kernel)
            kh, kw = pair(kernel)
            stride_one = (x_shape[2] - kh + 1, x_shape[3] - kw + 1)
            wrong = isinstance(out, torch.Tensor) and tuple(out.shape[2:]) == stride_one
            expect_close(
                out,
                reference(kind, x, kernel),
                what=f"{kind}_pool2d_forward without a stride",
                dtype=x.dtype,
                config=config,
                shape_hint=hint if wrong else size_hint(kind, out, x, kernel, kernel),
                hint=forward_hint(kind, out, x, kernel, kernel),
            )
            dout = randn(rng, *out.shape)
            dx = impl.function(f"{kind}_pool2d_backward")(dout, cache)
            expect_close(
                dx,
                reference_grad(kind, x, kernel, None, dout),
                what=f"{kind}_pool2d_backward after a forward without a stride",
                dtype=dout.dtype,
                config=config,
                shape_hint=DX_SHAPE_HINT,
                hint=backward_hint(
                    kind, dx, x, kernel, kernel, dout, "the cache must record the stride used"
                ),
            )


# -- backward --------------------------------------------------------------------------------
@pytest.mark.points(3)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_backward_matches_autograd(impl, rng, seed, kind):
    fallback = (
        "each window's dout[n, c, i, j] goes to the position of its maximum, in window "
        "x[n, c, i*sh : i*sh + kh, j*sw : j*sw + kw]"
        if kind == "max"
        else "every position of window (i, j) receives dout[n, c, i, j] / (kh * kw)"
    )
    for x_shape, kernel, stride in non_overlapping_cases(rng):
        x = distinct(rng, *x_shape)
        config = {"x": x_shape, "kernel_size": kernel, "stride": stride, "seed": seed}
        dout = randn(rng, *reference(kind, x, kernel, stride).shape)
        check_backward(impl, kind, x, kernel, stride, dout, config, fallback)


@pytest.mark.points(2)
def test_max_ties_go_to_first_maximum(impl, rng, seed):
    hint = (
        "when a window holds its maximum more than once, the whole gradient goes to the "
        "FIRST maximum in row-major order (torch.argmax of the flattened window)"
    )
    N, C = randint(rng, 1, 2), randint(rng, 2, 3)
    cases = [
        (torch.randint(0, 3, (N, C, 6, 8), generator=rng).to(torch.float64), 2, 2),
        (torch.randint(0, 2, (N, C, 7, 9), generator=rng).to(torch.float64), (3, 2), (3, 3)),
        (torch.full((1, 1, 4, 6), 0.5, dtype=torch.float64), (2, 3), (2, 3)),
    ]
    for x, kernel, stride in cases:
        config = {
            "x": tuple(x.shape),
            "kernel_size": kernel,
            "stride": stride,
            "seed": seed,
            "inputs": "with ties",
        }
        dout = randn(rng, *reference("max", x, kernel, stride).shape)
        check_backward(impl, "max", x, kernel, stride, dout, config, hint)


@pytest.mark.points(2)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_overlapping_windows_accumulate(impl, rng, seed, kind):
    hint = (
        "with kernel 3 and stride 2 neighbouring windows share a row or column: an input "
        "in several windows gets the SUM of their gradients (+=, not =)"
    )
    N, C = randint(rng, 1, 2), randint(rng, 1, 2)
    H, W = randint(rng, 7, 9), randint(rng, 7, 9)
    x = distinct(rng, N, C, H, W)
    # Put each channel's largest value at row 2, column 2: the maximum of four windows.
    flat = x.reshape(N * C, H * W)
    top = flat.argmax(dim=1)
    rows = torch.arange(N * C)
    flat[rows, top], flat[rows, 2 * W + 2] = flat[rows, 2 * W + 2], flat[rows, top]
    for kernel, stride in ((3, 2), ((3, 2), (2, 1))):
        config = {"x": (N, C, H, W), "kernel_size": kernel, "stride": stride, "seed": seed}
        dout = randn(rng, *reference(kind, x, kernel, stride).shape)
        check_backward(impl, kind, x, kernel, stride, dout, config, hint)


GRADIENT_SUM = (
    "without padding, pooling passes on exactly the gradient it receives: the entries of dx "
    "add up to those of dout, per sample and channel (avg: kh * kw shares of dout / (kh * kw); "
    "max: each window's dout whole to one cell)"
)


def expect_gradient_sum(impl, kind, x, kernel, stride, dout, config):
    """dx.sum(dim=(2, 3)) == dout.sum(dim=(2, 3)), with the shape checked first."""
    _, cache = forward(impl, kind, x, kernel, stride)
    dx = impl.function(f"{kind}_pool2d_backward")(dout, cache)
    expect_tensor(dx, what=f"{kind}_pool2d_backward dx", shape=x.shape, shape_hint=DX_SHAPE_HINT)
    # expect_close: a float32 computation's rounding is named as precision, not this rule.
    expect_close(
        dx.detach().double().sum(dim=(2, 3)),
        dout.double().sum(dim=(2, 3)),
        what=f"{kind}_pool2d_backward: dx.sum(dim=(2, 3)) against dout.sum(dim=(2, 3)), the "
        "gradient sum of each sample and channel",
        config=config,
        hint=f"the gradient sum is not preserved. Rule: {GRADIENT_SUM}",
        rtol=1e-9,
        atol=1e-9,
    )


@pytest.mark.points(2)
def test_backward_preserves_gradient_sum(impl, rng, seed):
    N, C = randint(rng, 1, 2), randint(rng, 2, 3)
    H, W = randint(rng, 7, 10), randint(rng, 7, 10)
    cases = [
        (distinct(rng, N, C, H, W), 3, 2),  # overlapping windows
        (distinct(rng, N, C, H, W), 2, 3),  # gaps between windows
        (distinct(rng, N, C, H, W), (3, 2), (1, 2)),  # overlapping rows, uncovered edges
        (distinct(rng, N, C, H, W), (2, 3), None),  # the default stride
    ]
    ties = torch.randint(0, 2, (N, C, H, W), generator=rng).to(torch.float64)
    for kind in ("max", "avg"):
        for x, kernel, stride in cases + ([(ties, 3, 2)] if kind == "max" else []):
            config = {"x": tuple(x.shape), "kernel_size": kernel, "stride": stride, "seed": seed}
            dout = randn(rng, *reference(kind, x, kernel, stride).shape)
            expect_gradient_sum(impl, kind, x, kernel, stride, dout, config)


# -- conventions -----------------------------------------------------------------------------
@pytest.mark.points(1)
def test_dtype_kept(impl, rng, seed):
    # dx takes dout's dtype, also where x has another one (the last two cases)
    dtypes = [(torch.float32,) * 2, (torch.float64,) * 2]
    dtypes += [(torch.float32, torch.float64), (torch.float64, torch.float32)]
    for kind in ("max", "avg"):
        for dtype, dout_dtype in dtypes:
            x = randn(rng, 2, 2, 6, 5, dtype=dtype)
            config = {"x": x, "kernel_size": 2, "stride": 2, "seed": seed}
            out, cache = forward(impl, kind, x, 2, 2)
            expect_tensor(
                out,
                what=f"{kind}_pool2d_forward output",
                dtype=dtype,
                config=config,
                dtype_hint="allocate the output with x's dtype (x.new_zeros, or "
                "torch.zeros(..., dtype=x.dtype))",
            )
            dout = randn(rng, 2, 2, 3, 2, dtype=dout_dtype)
            expect_tensor(
                impl.function(f"{kind}_pool2d_backward")(dout, cache),
                what=f"{kind}_pool2d_backward output",
                shape=(2, 2, 6, 5),
                dtype=dout_dtype,
                config={**config, "dout": dout},
                shape_hint=DX_SHAPE_HINT,
                dtype_hint="dx takes dout's dtype: allocate it with "
                "torch.zeros(shape, dtype=dout.dtype, device=dout.device), not torch.zeros(shape) "
                "(float32) nor zeros_like(x) (x's dtype)",
            )


@pytest.mark.points(1)
def test_device_kept(impl, rng, seed):
    """Results on the input's device, tried on the meta device (shapes and dtypes, no data)."""
    shape, out_shape = (2, 2, 6, 5), (2, 2, 3, 2)
    for kind in ("max", "avg"):
        backward = impl.function(f"{kind}_pool2d_backward")
        _, cache = forward(impl, kind, randn(rng, *shape), 2)  # it must run at all first
        backward(randn(rng, *out_shape), cache)
        meta_x = torch.empty(shape, device="meta", dtype=torch.float64)
        config = {"x": f"{shape} on the meta device", "kernel_size": 2, "seed": seed}
        done = expect_device_kept(
            forward, impl, kind, meta_x, 2, what=f"{kind}_pool2d_forward", config=config
        )
        if done is None:
            continue  # code that needs the values cannot run on meta: not judged
        out, cache = done
        expect_tensor(out, what=f"{kind}_pool2d_forward output", shape=out_shape)
        meta_dout = torch.empty(out_shape, device="meta", dtype=torch.float64)
        config = {"dout": f"{out_shape} on the meta device", "seed": seed}
        dx = expect_device_kept(
            backward, meta_dout, cache, what=f"{kind}_pool2d_backward", config=config
        )
        if dx is not None:
            expect_tensor(
                dx, what=f"{kind}_pool2d_backward dx", shape=shape, shape_hint=DX_SHAPE_HINT
            )


@pytest.mark.points(1)
def test_dout_not_modified(impl, rng, seed):
    for kind in ("max", "avg"):
        for kernel, stride in ((2, None), (3, 2)):
            x = distinct(rng, 2, 2, 7, 7)
            _, cache = forward(impl, kind, x, kernel, stride)
            expect_inputs_unchanged(
                impl,
                f"{kind}_pool2d_backward",
                (randn(rng, *reference(kind, x, kernel, stride).shape), cache),
                inputs={"dout": 0},
                config={"x": (2, 2, 7, 7), "kernel_size": kernel, "stride": stride, "seed": seed},
                hint="the backward modified dout in place (dout /= ..., dout.mul_, or a view "
                "of dout used as dx); compute on new tensors, dout belongs to the caller",
            )


@pytest.mark.points(1)
def test_x_not_modified(impl, rng, seed):
    for kind in ("max", "avg"):
        for kernel, stride in ((2, None), (3, 2)):
            x = distinct(rng, 2, 2, 7, 7)

            def forward_and_backward(stored, kind=kind, x=x, kernel=kernel, stride=stride):
                _, cache = forward(impl, kind, stored, kernel, stride, x_shape=x.shape)
                dout = randn(rng, *reference(kind, x, kernel, stride).shape)
                impl.function(f"{kind}_pool2d_backward")(dout, cache)

            expect_inputs_unchanged(
                impl,
                forward_and_backward,
                (x,),
                inputs={"x": 0},
                what=f"{kind}_pool2d_forward and {kind}_pool2d_backward",
                config={"x": (2, 2, 7, 7), "kernel_size": kernel, "stride": stride, "seed": seed},
                hint="the forward or the backward modified x in place (an in-place op on x, "
                "or on the x kept in the cache, e.g. reusing it as the dx buffer)",
            )


def expect_no_autograd_run(impl, function, *args):
    """A dispatch-level look for autograd that the static scan cannot see (a helper that calls
    .backward()): ATen's *_backward kernels run only inside autograd's backward formulas."""
    traced = impl.function(function).trace(*args)
    used = sorted(op for op in traced.ops if op.endswith("_backward"))
    if used:
        fail(
            f"{function} must not use automatic differentiation, but autograd ran inside it (it "
            f"dispatched to {', '.join(used)}). Write the gradient yourself: route each window's "
            "dout to its inputs."
        )


@pytest.mark.points(2)
def test_no_library_pooling_or_autograd(impl, exercise, rng):
    x = distinct(rng, 1, 2, 6, 6)
    for kind in ("max", "avg"):
        forward_name, backward_name = f"{kind}_pool2d_forward", f"{kind}_pool2d_backward"
        expect_no_library_ops(
            impl, forward_name, x, 2, families=exercise.forbidden.get(forward_name, [])
        )
        _, cache = forward(impl, kind, x, 2)
        dout = randn(rng, 1, 2, 3, 3)
        families = exercise.forbidden.get(backward_name, [])
        expect_no_library_ops(impl, backward_name, dout, cache, families=families)
        if "autograd" in families:
            expect_no_autograd_run(impl, backward_name, dout, cache)


# -- quiz: each answer against the graded student's own key ---------------------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "pooling_backward").tests()
