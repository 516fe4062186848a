"""Hidden checks for exercise 1, corr2d: random shapes against the library in float64,
dtypes, gradients, inputs left alone, errors, and no library convolution.

References are computed here, in the trusted process, with torch.nn.functional.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.boundary.loader import source_text
from autograder.boundary.submission import StudentCodeError
from autograder.checks import (
    count_matmuls,
    describe,
    distinct,
    expect_close,
    expect_device_kept,
    expect_gradients_match,
    expect_inputs_unchanged,
    expect_no_library_ops,
    expect_raises,
    expect_tensor,
    fail,
    python_loops,
    randint,
    randn,
    shapes,
)


def reference(X, K, padding=0, stride=1):
    """corr2d as the library computes it, for 2-D X and K."""
    return F.conv2d(X[None, None], K[None, None], padding=padding, stride=stride)[0, 0]


def diagnose(out, X, K):
    """Name the likely mistake behind a wrong corr2d output."""
    H, W = X.shape
    kh, kw = K.shape
    if not isinstance(out, torch.Tensor):
        return ""
    shape = tuple(out.shape)
    if shape == (H - kh, W - kw) or shape in ((H - kh, W - kw + 1), (H - kh + 1, W - kw)):
        return "one row short: the loop should run over range(H - kh + 1) (and W - kw + 1)"
    if shape in ((W - kw + 1, H - kh + 1), (H - kw + 1, W - kh + 1)):
        return "height and width swapped: rows come from shape[0], columns from shape[1]"
    if shape == (H - kh + 1, W - kw + 1) and torch.allclose(
        out.double(), reference(X, K.flip(0, 1)), atol=1e-6
    ):
        return "the kernel is flipped: that is convolution, not cross-correlation"
    return ""


def random_case(rng, H, W, kh, kw):
    return randn(rng, H, W), randn(rng, kh, kw)


def _shapes(rng):
    """Non-square input and kernel, a 1x1 kernel, a kernel as large as the input."""
    H, W, kh, kw = shapes(rng, size=(5, 9), kernel_h=(2, 4), kernel_w=(1, 3))
    return [(H, W, kh, kw), (H, W, kw, kh), (W, H, 1, 1), (H, W, H, W), (3, 4, 3, 4)]


@pytest.mark.points(5)
def test_random_shapes_match_conv2d(impl, rng, seed):
    for H, W, kh, kw in _shapes(rng):
        X, K = random_case(rng, H, W, kh, kw)
        out = impl.corr2d(X, K)
        expect_close(
            out,
            reference(X, K),
            dtype=X.dtype,
            what="corr2d vs the library's cross-correlation",
            config={"X": (H, W), "K": (kh, kw), "seed": seed},
            hint=diagnose(out, X, K),
            shape_hint=diagnose(out, X, K),
        )


@pytest.mark.points(1)
def test_noncontiguous_input(impl, rng, seed):
    X = randn(rng, 9, 6).T  # a transposed view: not contiguous
    K = randn(rng, 2, 3)
    out = impl.corr2d(X, K)
    expect_close(
        out,
        reference(X.contiguous(), K),
        what="corr2d on a non-contiguous (transposed) input",
        config={"X": (6, 9), "K": (2, 3), "seed": seed},
        hint=diagnose(out, X, K) or "index with X[i:i+kh, j:j+kw], not through .view() or storage",
    )


FUNCTIONS_2D = ("corr2d", "corr2d_pad_stride")


def _calls(X3, K4):
    """Every function of the exercise, with arguments built from X3 (C, H, W) and K4
    (O, C, kh, kw)."""
    return {
        "corr2d": (X3[0], K4[0, 0]),
        "corr2d_multi_in": (X3, K4[0]),
        "corr2d_multi_in_out": (X3, K4),
        "corr2d_multi_in_out_1x1": (X3, K4[:, :, :1, :1]),
        "corr2d_pad_stride": (X3[0], K4[0, 0], 1, 2),
    }


@pytest.mark.points(1)
def test_dtype_kept(impl, rng):
    """Results keep the input's dtype (every function), and corr2d's result has X's
    dtype when X and K differ (both ways)."""
    hint = "a float32 accumulator: allocate with torch.zeros(..., dtype=X.dtype)"
    for dtype in (torch.float64, torch.float32):
        X3, K4 = randn(rng, 2, 5, 6, dtype=dtype), randn(rng, 2, 2, 2, 2, dtype=dtype)
        for function, args in _calls(X3, K4).items():
            expect_tensor(
                impl.function(function)(*args),
                what=f"{function} output",
                dtype=dtype,
                config={"X": args[0], "K": args[1]},
                dtype_hint=hint if dtype == torch.float64 else "",
            )
    for x_dtype, k_dtype in ((torch.float32, torch.float64), (torch.float64, torch.float32)):
        X, K = randn(rng, 5, 6, dtype=x_dtype), randn(rng, 2, 3, dtype=k_dtype)
        expect_tensor(
            impl.corr2d(X, K),
            what="corr2d output (same dtype as X whatever K's dtype: dtype=X.dtype, not the "
            "promoted dtype of X and K)",
            dtype=x_dtype,
            config={"X": X, "K": K},
        )


@pytest.mark.points(1)
def test_device_kept(impl, rng):
    """Results stay on the input's device: inputs on the meta device (shapes and dtype,
    no data) must give results on the meta device."""
    X3, K4 = randn(rng, 2, 5, 6), randn(rng, 2, 2, 3, 3)
    for function, args in _calls(X3, K4).items():
        impl.function(function)(*args)  # it must run at all before its device is judged
    for function, args in _calls(X3.to("meta"), K4.to("meta")).items():
        config = {"X": f"{tuple(args[0].shape)} on the meta device", "K": tuple(args[1].shape)}
        expect_device_kept(impl.function(function), *args, what=f"{function} output", config=config)


@pytest.mark.points(2)
def test_documented_errors(impl):
    """Every Raises clause: each case must raise ValueError."""
    cases = [
        ("corr2d", "the kernel is larger than the input", (torch.ones(2, 5), torch.ones(3, 3))),
        ("corr2d", "the kernel is larger than the input", (torch.ones(5, 3), torch.ones(2, 4))),
        ("corr2d", "X or K is not 2-D", (torch.ones(3, 4, 2), torch.ones(2, 2))),
        ("corr2d", "X or K is not 2-D", (torch.ones(4, 5), torch.ones(1, 2, 2))),
        ("corr2d_multi_in", "X or K is not 3-D", (torch.ones(4, 5), torch.ones(2, 2))),
        (
            "corr2d_multi_in",
            "the channel counts differ",
            (torch.ones(3, 4, 5), torch.ones(2, 2, 2)),
        ),
        ("corr2d_pad_stride", "a padding is negative", (torch.ones(5, 5), torch.ones(2, 2), -1, 1)),
        (
            "corr2d_pad_stride",
            "a padding is negative",
            (torch.ones(5, 5), torch.ones(2, 2), (1, -1), 1),
        ),
        (
            "corr2d_pad_stride",
            "a stride is not positive",
            (torch.ones(5, 5), torch.ones(2, 2), 0, 0),
        ),
        (
            "corr2d_pad_stride",
            "a stride is not positive",
            (torch.ones(5, 5), torch.ones(2, 2), 0, (1, -1)),
        ),
    ]
    for function, rule, args in cases:
        shapes = ", ".join(
            str(tuple(a.shape)) if isinstance(a, torch.Tensor) else repr(a) for a in args
        )
        expect_raises(
            lambda function=function, args=args: impl.function(function)(*args),
            ValueError,
            what=f"{function}({shapes}) must raise ValueError when {rule}",
            hint=f"check that case first and raise ValueError (the docstring's Raises: {rule})",
        )


@pytest.mark.points(2)
def test_gradients_match_library(impl, rng, seed):
    X, K = randn(rng, 6, 7), randn(rng, 3, 2)
    expect_gradients_match(
        impl,
        "corr2d",
        (X, K),
        reference,
        wrt={"X": 0, "K": 1},
        grad_output=randn(rng, 4, 6),
        config={"X": (6, 7), "K": (3, 2), "seed": seed},
        diagnose=lambda out: diagnose(out, X, K),
        graph_cut="keep the computation in torch operations on the inputs (building rows "
        "in a list or calling .item() cuts it)",
    )


@pytest.mark.points(1)
def test_inputs_not_modified(impl, rng, seed):
    def both(X, K):
        impl.corr2d(X, K)
        impl.corr2d_pad_stride(X, K, 1, 1)

    for kh, kw in ((1, 1), (2, 3)):
        X, K = randn(rng, 5, 6), randn(rng, kh, kw)
        expect_inputs_unchanged(
            impl,
            both,
            (X, K),
            inputs={"X": 0, "K": 1},
            what="corr2d",
            config={"K": (kh, kw), "seed": seed},
            hint="the function modified its input in place (an in-place op such as mul_, "
            "+=, or writing into X); work on new tensors",
        )


def _same(out, want):
    return (
        isinstance(out, torch.Tensor)
        and tuple(out.shape) == tuple(want.shape)
        and bool(torch.allclose(out.detach().double(), want, atol=1e-6))
    )


@pytest.mark.points(3)
def test_multi_channel_random(impl, rng, seed):
    C, O = randint(rng, 2, 3), randint(rng, 2, 3)
    X, K = randn(rng, C, 6, 5), randn(rng, O, C, 3, 2)
    config = {"X": (C, 6, 5), "K": (O, C, 3, 2), "seed": seed}
    expected = F.conv2d(X[None], K)[0]
    out = impl.corr2d_multi_in(X, K[0])
    expect_close(
        out,
        expected[0],
        dtype=X.dtype,
        what="corr2d_multi_in",
        config=config,
        shape_hint="the sum over the channels has no channel dimension left: (H', W')",
        hint="the mean over the channels, not the sum: add the per-channel results"
        if _same(out, expected[0] / C)
        else "",
    )
    out = impl.corr2d_multi_in_out(X, K)
    expect_close(
        out,
        expected,
        dtype=X.dtype,
        what="corr2d_multi_in_out",
        config=config,
        shape_hint="stack one output per kernel along a new FIRST dimension: (O, H', W')",
        hint="the output channels are out of order: Y[o] must use K[o]"
        if _same(out, expected.flip(0))
        else "",
    )


@pytest.mark.points(2)
def test_1x1_is_one_matrix_product(impl, rng, seed):
    C, O = randint(rng, 2, 4), randint(rng, 2, 4)
    X, K = randn(rng, C, 4, 5), randn(rng, O, C, 1, 1)
    config = {"X": (C, 4, 5), "K": (O, C, 1, 1), "seed": seed}
    traced = impl.corr2d_multi_in_out_1x1.trace(X, K)
    want = F.conv2d(X[None], K)[0]
    channels_last = (K.reshape(O, C) @ X.permute(1, 2, 0).reshape(C, -1)).reshape(O, 4, 5)
    expect_close(
        traced.value,
        want,
        dtype=X.dtype,
        what="corr2d_multi_in_out_1x1",
        config=config,
        shape_hint="reshape the (O, H*W) product back to (O, H, W)",
        hint="reshape X to (C, H*W) directly: flattening it channels-last mixes the pixels"
        if _same(traced.value, channels_last)
        else "",
    )
    loops = python_loops(source_text(impl.path), "corr2d_multi_in_out_1x1") if impl.path else []
    if loops:
        fail(
            f"corr2d_multi_in_out_1x1 [{describe(config)}] must have no Python loop (the 1x1 "
            f"rule); found loops or comprehensions at lines {loops}. Reshape X to (C, H*W) "
            "instead of building it channel by channel."
        )
    products = count_matmuls(traced.ops)
    if products != 1:
        fail(
            f"corr2d_multi_in_out_1x1 [{describe(config)}] must be a single matrix product; "
            f"found {products} matrix products. Reshape K to (O, C) and X to (C, H*W) and "
            "multiply once (torch.matmul or @)."
        )


@pytest.mark.points(6)
def test_pad_stride_random(impl, rng, seed):
    for _ in range(3):
        H, W = randint(rng, 5, 9), randint(rng, 5, 9)
        kh, kw = randint(rng, 1, 4), randint(rng, 1, 4)
        padding = (randint(rng, 0, 2), randint(rng, 0, 2))
        stride = (randint(rng, 1, 3), randint(rng, 1, 3))
        X, K = randn(rng, H, W), randn(rng, kh, kw)
        config = {"X": (H, W), "K": (kh, kw), "padding": padding, "stride": stride, "seed": seed}
        expect_close(
            impl.corr2d_pad_stride(X, K, padding, stride),
            reference(X, K, padding, stride),
            dtype=X.dtype,
            what="corr2d_pad_stride",
            config=config,
            shape_hint="the size is floor((n + 2p - k) / s) + 1 with p zeros on EACH side "
            "(per-side padding, not the total)",
            hint="window (i, j) starts at row i*sh and column j*sw of the padded input",
        )
    expect_raises(
        lambda: impl.corr2d_pad_stride(torch.ones(2, 2), torch.ones(5, 5), 1, 1),
        ValueError,
        what="corr2d_pad_stride must raise ValueError when the kernel is larger than the "
        "padded input (a 5x5 kernel, a 2x2 input padded by 1)",
        hint="compare the kernel with the PADDED input's shape and raise ValueError",
    )


@pytest.mark.points(1)
def test_pad_stride_forms(impl, rng, seed):
    """padding and stride: each an int or an (h, w) pair, every combination."""
    X, K = randn(rng, 7, 6), randn(rng, 3, 2)
    for padding, stride in ((1, 2), ((1, 0), (2, 1)), (1, (2, 1)), ((0, 1), 2)):
        config = {"X": (7, 6), "K": (3, 2), "padding": padding, "stride": stride, "seed": seed}
        try:
            out = impl.corr2d_pad_stride(X, K, padding, stride)
        except StudentCodeError as error:
            if error.remote_type == "NotImplementedError":
                raise
            fail(
                f"corr2d_pad_stride [{describe(config)}]: padding and stride may each be an "
                f"int or an (h, w) pair, but this call raised: {error}"
            )
        expect_close(
            out,
            reference(X, K, padding, stride),
            dtype=X.dtype,
            what="corr2d_pad_stride",
            config=config,
            shape_hint="an int p means (p, p), an int s means (s, s); a pair is (height, width)",
            hint="an int p means (p, p), an int s means (s, s); a pair is (height, width)",
        )


@pytest.mark.points(1)
def test_no_library_convolution(impl, exercise, rng):
    X3, K4 = randn(rng, 2, 5, 5), randn(rng, 2, 2, 3, 3)
    for function, args in _calls(X3, K4).items():
        expect_no_library_ops(impl, function, *args, families=exercise.forbidden.get(function, []))


def reference3d(X, K):
    """corr3d as the library computes it, for 3-D X and K."""
    return F.conv3d(X[None, None], K[None, None])[0, 0]


def diagnose3d(out, X, K):
    """Name the likely mistake behind a wrong corr3d output."""
    if not isinstance(out, torch.Tensor):
        return ""
    want = tuple(n - k + 1 for n, k in zip(X.shape, K.shape, strict=True))
    shape = tuple(out.shape)
    if len(shape) == 3 and all(g in (w, w - 1) for g, w in zip(shape, want, strict=True)):
        if shape != want:
            return "one slice, row or column short: loop over range(n - k + 1) in every dimension"
    elif sorted(shape) == sorted(want):
        return "dimensions swapped: depth, height and width are shape[0], shape[1], shape[2]"
    if shape == want and torch.allclose(
        out.detach().double(), reference3d(X, K.flip(0, 1, 2)), atol=1e-6
    ):
        return "the kernel is flipped: that is convolution, not cross-correlation"
    return ""


def _shapes3d(rng):
    """Non-cubic inputs and kernels (every dimension different), a 1x1x1 kernel and a
    kernel as large as the input."""
    D, H = distinct(rng, (3, 6), (3, 6))
    W = randint(rng, 4, 7)
    while W in (D, H):
        W = randint(rng, 4, 7)
    kd, kh = distinct(rng, (1, 3), (1, 3))
    kw = randint(rng, 1, 3)
    return [(D, H, W, kd, kh, kw), (D, H, W, kw, kd, kh), (D, H, W, 1, 1, 1), (2, 3, 4, 2, 3, 4)]


@pytest.mark.points(3)
def test_corr3d_random_shapes_match_conv3d(impl, rng, seed):
    for D, H, W, kd, kh, kw in _shapes3d(rng):
        X, K = randn(rng, D, H, W), randn(rng, kd, kh, kw)
        out = impl.corr3d(X, K)
        expect_close(
            out,
            reference3d(X, K),
            dtype=X.dtype,
            what="corr3d vs the library's 3-D cross-correlation (conv3d)",
            config={"X": (D, H, W), "K": (kd, kh, kw), "seed": seed},
            hint=diagnose3d(out, X, K),
            shape_hint=diagnose3d(out, X, K)
            or "the output shape is (D - kd + 1, H - kh + 1, W - kw + 1)",
        )


@pytest.mark.points(1)
def test_corr3d_dtype_device_inputs(impl, rng, seed):
    """corr3d keeps X's dtype (also when K's differs) and device, and leaves X and K alone."""
    for x_dtype, k_dtype in (
        (torch.float64, torch.float64),
        (torch.float32, torch.float32),
        (torch.float64, torch.float32),
        (torch.float32, torch.float64),
    ):
        X, K = randn(rng, 4, 3, 5, dtype=x_dtype), randn(rng, 2, 2, 3, dtype=k_dtype)
        expect_tensor(
            impl.corr3d(X, K),
            what="corr3d output (X's dtype whatever K's: dtype=X.dtype)",
            dtype=x_dtype,
            config={"X": X, "K": K},
            dtype_hint="a float32 accumulator: allocate with torch.zeros(..., dtype=X.dtype)"
            if x_dtype == torch.float64
            else "",
        )
    X, K = randn(rng, 4, 3, 5), randn(rng, 2, 2, 3)
    expect_device_kept(
        impl.corr3d,
        X.to("meta"),
        K.to("meta"),
        what="corr3d output",
        config={"X": "(4, 3, 5) on the meta device", "K": (2, 2, 3)},
    )
    for kernel in (K, randn(rng, 1, 1, 1)):
        expect_inputs_unchanged(
            impl,
            "corr3d",
            (X, kernel),
            inputs={"X": 0, "K": 1},
            config={"X": (4, 3, 5), "K": tuple(kernel.shape), "seed": seed},
        )


@pytest.mark.points(1)
def test_corr3d_errors_and_no_library(impl, exercise, rng):
    """corr3d's Raises clauses, each must raise ValueError; and no library conv3d."""
    cases = [
        ("X or K is not 3-D: a batch dimension", (torch.ones(3, 4, 5, 2), torch.ones(2, 2, 2))),
        ("X or K is not 3-D", (torch.ones(4, 5), torch.ones(2, 2, 2))),
        ("K is larger than X (depth)", (torch.ones(2, 5, 5), torch.ones(3, 2, 2))),
        ("K is larger than X (width)", (torch.ones(4, 5, 3), torch.ones(2, 2, 4))),
    ]
    for rule, (X, K) in cases:
        expect_raises(
            lambda X=X, K=K: impl.corr3d(X, K),
            ValueError,
            what=f"corr3d({tuple(X.shape)}, {tuple(K.shape)}) must raise ValueError when {rule}",
            hint="check that case first and raise ValueError (the docstring's Raises)",
        )
    expect_no_library_ops(
        impl,
        "corr3d",
        randn(rng, 3, 4, 5),
        randn(rng, 2, 2, 2),
        families=exercise.forbidden.get("corr3d", []),
    )


@pytest.mark.points(1)
def test_corr3d_gradients_match_library(impl, rng, seed):
    X, K = randn(rng, 4, 5, 6), randn(rng, 2, 3, 2)
    expect_gradients_match(
        impl,
        "corr3d",
        (X, K),
        reference3d,
        wrt={"X": 0, "K": 1},
        grad_output=randn(rng, 3, 3, 5),
        config={"X": (4, 5, 6), "K": (2, 3, 2), "seed": seed},
        diagnose=lambda out: diagnose3d(out, X, K),
        graph_cut="keep the computation in torch operations on the inputs (building slices "
        "in a list of numbers or calling .item() cuts it)",
    )
