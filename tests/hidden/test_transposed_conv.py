"""Hidden checks for exercise 9, transposed_conv: trans_conv and conv_transpose2d against
F.conv_transpose2d on random configurations, as the gradient of F.conv2d w.r.t. its input,
as kernel_matrix(K).T @ y; the output size against the library's on a grid (with
dilation); the output_padding rule; dtypes; inputs left alone; gradients; no library
(transposed) convolution or autograd; the quiz, each answer against the graded student's
own variant (keys from the reference, recomputed here).

References are computed here, in the trusted process, with torch.nn.functional in float64.
"""

import ast

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
    expect_gradients_match,
    expect_inputs_unchanged,
    expect_no_library_ops,
    expect_raises,
    expect_tensor,
    fail,
    pair,
    randint,
    randn,
    shapes,
)
from autograder.checks.bounded_parse import parse_student_code
from autograder.quiz.grading import QuizChecks

SIZE = (
    "along each dimension the size is (n - 1)*s - 2p + k + output_padding: padding crops "
    "p from each side, output_padding adds rows at the bottom and columns at the right"
)
LAYOUT = (
    "the weight layout is (C_in, C_out, kh, kw) for a transposed convolution, the "
    "reverse of conv2d's (C_out, C_in, kh, kw): input channel c stamps w[c, o] onto "
    "output channel o"
)
STAMP = (
    "input (i, j) adds x[n, c, i, j] * w[c, o] into the window starting at output "
    "(i*sh - ph, j*sw - pw)"
)


def reference(x, w, stride=1, padding=0, output_padding=0):
    return F.conv_transpose2d(x, w, None, stride, padding, output_padding)


# -- diagnosis -----------------------------------------------------------------------------
def _candidates(x, w, stride, padding, output_padding):
    """(wrong result, likely mistake) pairs for the typical mistakes, same shape as the
    reference."""
    (sh, sw), (ph, pw), (oph, opw) = pair(stride), pair(padding), pair(output_padding)
    H, W = x.shape[-2:]
    out_h, out_w = reference(x, w, stride, padding, output_padding).shape[-2:]
    found = [
        (
            reference(x, w.flip(2, 3), stride, padding, output_padding),
            "the kernel is flipped: in the stamp form each input adds its value times the "
            "kernel AS IT IS (K, or w[c, o]); the flip belongs only to the other formulation, "
            "the correlation of the (k-1)-zero-padded input with the flipped kernel",
        )
    ]
    if w.shape[0] == w.shape[1]:
        found.append((reference(x, w.transpose(0, 1), stride, padding, output_padding), LAYOUT))
    full = reference(x, w, stride)  # uncropped, no output padding
    if oph or opw:
        found.append(
            (
                F.pad(full, (opw, 0, oph, 0))[..., ph : ph + out_h, pw : pw + out_w],
                "output_padding on the wrong side: the extra rows go at the BOTTOM and "
                "the extra columns at the RIGHT (crop p at the top, p - output_padding at "
                "the bottom)",
            )
        )
        found.append(
            (
                F.pad(reference(x, w, stride, padding), (0, opw, 0, oph)),
                "output_padding appended as zeros after cropping: it un-crops instead, "
                "so with padding > 0 the extra rows hold real values",
            )
        )
    if (sh, sw) != (1, 1):
        dense = reference(x, w)  # stamps at (i, j) instead of (i*sh, j*sw)
        canvas = F.pad(dense, (0, (W - 1) * (sw - 1) + opw, 0, (H - 1) * (sh - 1) + oph))
        found.append(
            (
                canvas[..., ph : ph + out_h, pw : pw + out_w],
                "stride ignored when placing the stamps: input (i, j) stamps at output "
                "(i*sh, j*sw) of the uncropped result, not at (i, j)",
            )
        )
    return found


def _coverage(x, w, stride, padding, output_padding):
    """How many stamps reach each output pixel (1 everywhere when none overlap)."""
    ones_x = torch.ones((1, 1, *x.shape[-2:]), dtype=torch.float64)
    ones_w = torch.ones((1, 1, *w.shape[-2:]), dtype=torch.float64)
    return reference(ones_x, ones_w, stride, padding, output_padding)[0, 0]


def diagnose(out, x, w, stride=1, padding=0, output_padding=0):
    """Name the likely mistake behind a wrong conv_transpose2d (or, 4-D, trans_conv) result."""
    if not isinstance(out, torch.Tensor) or out.dim() not in (2, 4):
        return ""
    got = out.detach().to(torch.float64)
    if got.dim() == 2:  # trans_conv's result, diagnosed as a 1-sample, 1-channel layer
        got = got[None, None]
    expected = reference(x, w, stride, padding, output_padding)
    if tuple(got.shape) != tuple(expected.shape):
        return _diagnose_shape(tuple(got.shape), x, w, stride, padding, output_padding)
    for candidate, mistake in _candidates(x, w, stride, padding, output_padding):
        if torch.allclose(got, candidate, rtol=1e-6, atol=1e-8):
            return mistake
    bad = ~torch.isclose(got, expected, rtol=1e-6, atol=1e-8)
    cover = _coverage(x, w, stride, padding, output_padding).expand_as(bad)
    if bool(bad.any()) and bool((cover[bad] >= 2).all()):
        return (
            "wrong only where stamps overlap: overlapping windows must be added "
            "(Y[window] += X[i, j] * K), not overwritten with ="
        )
    return ""


def _diagnose_shape(shape, x, w, stride, padding, output_padding):
    (sh, sw), (ph, pw), (oph, opw) = pair(stride), pair(padding), pair(output_padding)
    (H, W), (kh, kw) = x.shape[-2:], w.shape[-2:]
    c_in, c_out = w.shape[:2]
    if c_in != c_out and shape[1] == c_in:
        return LAYOUT
    got = shape[-2:]

    def sizes(s_h, s_w, p_sign, op_on):
        return (
            (H - 1) * s_h + p_sign * 2 * ph + kh + op_on * oph,
            (W - 1) * s_w + p_sign * 2 * pw + kw + op_on * opw,
        )

    if (ph or pw) and got == sizes(sh, sw, +1, 1):
        return "padding added instead of cropped: padding REMOVES p rows and columns per side"
    if (oph or opw) and got == sizes(sh, sw, -1, 0):
        return "output_padding ignored: it adds rows at the bottom and columns at the right"
    if (sh, sw) != (1, 1) and got == sizes(1, 1, -1, 1):
        return "stride ignored: the stamp of input (i, j) starts at output (i*sh, j*sw)"
    if got == (H - kh + 1, W - kw + 1):
        return "that is the size of a cross-correlation; a transposed convolution grows"
    return SIZE


def _basic_shape_hint(hint):
    """trans_conv's shape promise, with what the diagnosis adds (if it is not the
    layer's general size formula)."""
    basic = "trans_conv's output has shape (H + kh - 1, W + kw - 1): every stamp fits, no more"
    return f"{basic}; {hint}" if hint and hint != SIZE else basic


def _call(impl, x, w, stride, padding, output_padding, config):
    """conv_transpose2d's result; an error that the weight layout explains is named."""
    try:
        return impl.conv_transpose2d(x, w, stride, padding, output_padding)
    except StudentCodeError as error:
        if error.kind != "exception" or error.remote_type == "NotImplementedError":
            raise
        try:
            swapped = impl.conv_transpose2d(
                x, w.transpose(0, 1).contiguous(), stride, padding, output_padding
            )
        except StudentCodeError:
            raise error from None
        expected = reference(x, w, stride, padding, output_padding)
        if (
            isinstance(swapped, torch.Tensor)
            and tuple(swapped.shape) == tuple(expected.shape)
            and torch.allclose(swapped.detach().to(torch.float64), expected, atol=1e-8)
        ):
            fail(
                f"conv_transpose2d [{describe(config)}]: {error}. Likely mistake: {LAYOUT} "
                "(your code gives the right answer only when w is passed as (C_out, C_in, "
                "...))"
            )
        raise error from None


# -- trans_conv ----------------------------------------------------------------------------
def _shapes_2d(rng):
    """Non-square input and kernel (both orientations), a 1x1 kernel, a kernel larger
    than the input."""
    H, W, kh, kw = shapes(rng, size=(3, 6), kernel_h=(2, 3), kernel_w=(1, 3))
    return [(H, W, kh, kw), (W, H, kw, kh), (H, W, 1, 1), (2, 3, 4, 3)]


@pytest.mark.points(3)
def test_trans_conv_matches_library(impl, rng, seed):
    for H, W, kh, kw in _shapes_2d(rng):
        X, K = randn(rng, H, W), randn(rng, kh, kw)
        out = impl.trans_conv(X, K)
        hint = diagnose(out, X[None, None], K[None, None])
        expect_close(
            out,
            reference(X[None, None], K[None, None])[0, 0],
            what="trans_conv vs the library's transposed convolution",
            config={"X": (H, W), "K": (kh, kw), "seed": seed},
            dtype=X.dtype,
            hint=hint or STAMP,
            shape_hint=_basic_shape_hint(hint),
        )


def reference_kernel_matrix(K, H, W):
    """Exercise 5's kernel matrix, built the trusted way: row i*ow + j is the (H, W) image
    holding K at offset (i, j), flattened row-major."""
    kh, kw = K.shape
    oh, ow = H - kh + 1, W - kw + 1
    M = torch.zeros((oh * ow, H * W), dtype=torch.float64)
    for i in range(oh):
        for j in range(ow):
            M[i * ow + j].view(H, W)[i : i + kh, j : j + kw] = K
    return M


@pytest.mark.points(2)
def test_trans_conv_is_kernel_matrix_transpose(impl, rng, seed):
    for oh, ow, kh, kw in _shapes_2d(rng)[:2]:
        y, K = randn(rng, oh, ow), randn(rng, kh, kw)
        H, W = oh + kh - 1, ow + kw - 1
        config = {"y": (oh, ow), "K": (kh, kw), "seed": seed}
        out = impl.trans_conv(y, K)
        hint = diagnose(out, y[None, None], K[None, None])
        out = expect_tensor(
            out,
            what="trans_conv output",
            shape=(H, W),
            dtype=y.dtype,
            config=config,
            shape_hint=_basic_shape_hint(hint),
        )
        expect_close(
            out.flatten(),
            reference_kernel_matrix(K, H, W).T @ y.flatten(),
            what=f"trans_conv(y, K).flatten() vs kernel_matrix(K, {H}, {W}).T @ "
            "y.flatten() (exercise 5's matrix, transposed)",
            config=config,
            hint=hint
            or "column (i, j) of M.T spreads y[i, j] over the window at (i, j), weighted by K: "
            + STAMP,
        )


# -- conv_transpose2d ----------------------------------------------------------------------
def _configs(rng):
    """Random (x shape, w shape, stride, padding, output_padding): int settings with
    C_in != C_out; pairs throughout; C_in == C_out at stride 1; a stride larger than the
    kernel (gaps between stamps)."""
    kinds = [
        lambda: (2, 1, 1),
        lambda: ((randint(rng, 2, 3), randint(rng, 1, 3)), (randint(rng, 0, 1), 1), (1, 0)),
        lambda: (1, (randint(rng, 0, 1), 0), 0),
        lambda: (3, (0, 1), (2, 1)),
    ]
    configs = []
    for number, kind in enumerate(kinds):
        N, c_in = randint(rng, 1, 2), randint(rng, 2, 3)
        c_out = c_in if number == 2 else c_in + randint(rng, 1, 2)
        H, W, kh, kw = shapes(rng, size=(3, 5), kernel_h=(2, 3), kernel_w=(1, 3))
        stride, padding, output_padding = kind()
        configs.append(((N, c_in, H, W), (c_in, c_out, kh, kw), stride, padding, output_padding))
    return configs


def _config(x_shape, w_shape, stride, padding, output_padding, seed):
    return {
        "x": x_shape,
        "w": w_shape,
        "stride": stride,
        "padding": padding,
        "output_padding": output_padding,
        "seed": seed,
    }


@pytest.mark.points(7)
def test_conv_transpose2d_matches_library(impl, rng, seed):
    for x_shape, w_shape, stride, padding, output_padding in _configs(rng):
        x, w = randn(rng, *x_shape), randn(rng, *w_shape)
        config = _config(x_shape, w_shape, stride, padding, output_padding, seed)
        out = _call(impl, x, w, stride, padding, output_padding, config)
        hint = diagnose(out, x, w, stride, padding, output_padding)
        expect_close(
            out,
            reference(x, w, stride, padding, output_padding),
            what="conv_transpose2d vs F.conv_transpose2d",
            config=config,
            dtype=x.dtype,
            hint=hint or STAMP,
            shape_hint=hint or SIZE,
        )


@pytest.mark.points(2)
def test_conv_transpose2d_is_conv2d_input_gradient(impl, rng, seed):
    """The backward pass of a convolution w.r.t. its input, with the same weight tensor."""
    for stride, padding in (((2, 3), (1, 0)), (2, 1)):
        N, C, O = 2, randint(rng, 1, 3), randint(rng, 2, 3)
        H, W = randint(rng, 5, 8), randint(rng, 5, 8)
        kh, kw = 3, randint(rng, 2, 4)
        X, Wt = randn(rng, N, C, H, W), randn(rng, O, C, kh, kw)
        Xr = X.clone().requires_grad_()
        Y = F.conv2d(Xr, Wt, None, stride, padding)
        G = randn(rng, *Y.shape)
        (want,) = torch.autograd.grad(Y, Xr, G)
        (sh, sw), (ph, pw) = pair(stride), pair(padding)
        # The output padding that gives the transposed convolution X's size back.
        output_padding = (
            H - ((Y.shape[2] - 1) * sh - 2 * ph + kh),
            W - ((Y.shape[3] - 1) * sw - 2 * pw + kw),
        )
        config = {
            "conv2d input": (N, C, H, W),
            "conv2d weight": (O, C, kh, kw),
            "stride": stride,
            "padding": padding,
            "seed": seed,
        }
        out = _call(
            impl,
            G,
            Wt,
            stride,
            padding,
            output_padding,
            {**config, "output_padding": output_padding},
        )
        hint = diagnose(out, G, Wt, stride, padding, output_padding)
        expect_close(
            out,
            want,
            what=f"conv_transpose2d(g, weight, stride, padding, output_padding="
            f"{output_padding}), which must be the gradient of F.conv2d(X, weight, "
            "stride, padding) w.r.t. X for the output gradient g",
            config=config,
            dtype=G.dtype,
            hint=hint or STAMP,
            shape_hint=hint or SIZE,
        )


# -- the output size -----------------------------------------------------------------------
def library_size(n, k, stride, padding, output_padding, dilation):
    """The size the library's transposed convolution really produces, or None."""
    try:
        out = F.conv_transpose1d(
            torch.zeros(1, 1, n),
            torch.zeros(1, 1, k),
            None,
            stride,
            padding,
            output_padding,
            1,
            dilation,
        )
    except RuntimeError:
        return None
    return out.shape[-1]


def _size_grid(rng):
    """About thirty valid configurations: dilation 1 to 3, output_padding up to the
    largest the rule allows, one with stride <= output_padding < dilation."""
    grid = [(4, 3, 1, 1, 1, 2)]
    while len(grid) < 30:
        s, d = randint(rng, 1, 3), randint(rng, 1, 3)
        args = (
            randint(rng, 1, 6),
            randint(rng, 1, 4),
            s,
            randint(rng, 0, 2),
            randint(rng, 0, max(s, d) - 1),
            d,
        )
        if library_size(*args) is not None:
            grid.append(args)
    return grid


def _size_hint(got, n, k, stride, padding, output_padding, dilation):
    if not isinstance(got, int):
        return "return a Python int"
    no_pad = (n - 1) * stride + dilation * (k - 1) + output_padding + 1
    for value, mistake in (
        (
            (n - 1) * stride - 2 * padding + k + output_padding,
            "dilation ignored: the kernel spans dilation*(k - 1) + 1 positions",
        ),
        (no_pad + 2 * padding, "padding added instead of cropped: it removes 2p"),
        (no_pad - 2 * padding - output_padding, "output_padding ignored: it adds to the size"),
        (
            no_pad - 2 * padding - 1,
            "one short: the last stamp ends at (n - 1)*s - 2p + "
            "d*(k - 1), so the size is one more (plus output_padding)",
        ),
    ):
        if got == value and value != no_pad - 2 * padding:
            return mistake
    return "(n - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1"


@pytest.mark.points(6)
def test_output_size_matches_library(impl, rng, seed):
    names = ("n", "k", "stride", "padding", "output_padding", "dilation")
    for args in _size_grid(rng):
        config = dict(zip(names, args, strict=True))
        want = library_size(*args)
        try:
            got = impl.conv_transpose_output_size(*args)
        except StudentCodeError as error:
            if error.remote_type != "ValueError":
                raise
            fail(
                f"conv_transpose_output_size [{describe(config)}] raised ValueError, but the "
                f"library accepts this configuration: {error}. Likely mistake: output_padding "
                "must be smaller than EITHER the stride or the dilation, not both"
            )
        expect_equal(
            got,
            want,
            what="conv_transpose_output_size vs the library's output size",
            config=config,
            hint=_size_hint(got, *args),
        )


@pytest.mark.points(3)
def test_output_padding_rule(impl, rng, seed):
    s, d = randint(rng, 1, 3), randint(rng, 1, 3)
    rule = (
        "PyTorch's rule: output_padding must be smaller than either the stride or the "
        "dilation; otherwise raise ValueError"
    )
    for op in (max(s, d), max(s, d) + 1):
        expect_raises(
            lambda op=op: impl.conv_transpose_output_size(5, 3, s, 1, op, d),
            ValueError,
            what="conv_transpose_output_size",
            config={"n": 5, "k": 3, "stride": s, "padding": 1, "output_padding": op, "dilation": d},
            hint=rule,
        )
    # Smaller than the dilation though not than the stride: allowed.
    args = (4, 3, 1, 1, 2, 3)
    config = dict(
        zip(("n", "k", "stride", "padding", "output_padding", "dilation"), args, strict=True)
    )
    try:
        got = impl.conv_transpose_output_size(*args)
    except StudentCodeError as error:
        if error.remote_type != "ValueError":
            raise
        fail(
            f"conv_transpose_output_size [{describe(config)}]: {error}. Likely mistake: "
            "output_padding must be smaller than EITHER the stride or the dilation; 2 < 3 "
            "(the dilation) is allowed"
        )
    expect_equal(
        got,
        library_size(*args),
        what="conv_transpose_output_size",
        config=config,
        hint=_size_hint(got, *args),
    )
    x, w = randn(rng, 1, 2, 3, 4), randn(rng, 2, 1, 2, 2)
    for stride, op in (((2, 3), (0, 3)), (2, (2, 1)), (1, 1)):
        expect_raises(
            lambda stride=stride, op=op: impl.conv_transpose2d(x, w, stride, 0, op),
            ValueError,
            what="conv_transpose2d",
            config={"x": (1, 2, 3, 4), "w": (2, 1, 2, 2), "stride": stride, "output_padding": op},
            hint="output_padding must be smaller than the stride in EACH dimension "
            "(there is no dilation here); raise ValueError",
        )


# -- dtypes, inputs, gradients ------------------------------------------------------------
@pytest.mark.points(1)
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32], ids=["float64", "float32"])
def test_dtype_kept(impl, rng, dtype):
    """Same dtype as the input, with a kernel of its dtype and of the other one (a
    promise for both)."""
    other = torch.float32 if dtype == torch.float64 else torch.float64
    exact = {"rtol": 1e-7, "atol": 1e-9}
    loose = {"rtol": 1e-5, "atol": 1e-5}  # a float32 result, or a float32 kernel
    X, x = randn(rng, 3, 4, dtype=dtype), randn(rng, 2, 3, 4, 5, dtype=dtype)
    for kernel_dtype in (dtype, other):
        K, w = randn(rng, 2, 3, dtype=kernel_dtype), randn(rng, 3, 2, 3, 2, dtype=kernel_dtype)
        tolerance = exact if dtype == kernel_dtype == torch.float64 else loose
        cases = (
            (
                "trans_conv",
                (X, K),
                (),
                "X",
                reference(X.double()[None, None], K.double()[None, None])[0, 0],
            ),
            (
                "conv_transpose2d",
                (x, w),
                (2, 1, 1),
                "x",
                reference(x.double(), w.double(), 2, 1, 1),
            ),
        )
        for function, args, settings, name, expected in cases:
            config = dict(zip(("X", "K") if name == "X" else ("x", "w"), args, strict=True))
            if settings:
                config.update(stride=2, padding=1, output_padding=1)
            out = impl.function(function)(*args, *settings)
            expect_tensor(
                out,
                what=f"{function} output (same dtype as {name}, whatever the kernel's dtype: "
                f"allocate with dtype={name}.dtype; a float32 buffer, or torch.promote_types "
                "of both, breaks it)",
                dtype=dtype,
                config=config,
            )
            expect_close(
                out,
                expected,
                what=f"{function} output",
                config=config,
                dtype=dtype,
                hint=diagnose(out, *(a.double() for a in args), *settings)
                if settings
                else diagnose(out, *(a.double()[None, None] for a in args)),
                **tolerance,
            )


@pytest.mark.points(1)
def test_device_kept(impl, rng):
    """The result stays on the input's device: inputs on the meta device (shapes and
    dtypes, no data) must give a result on the meta device; code that needs the values
    cannot run there and is not judged (``expect_device_kept``)."""
    for function, sizes, settings, rule, shape in (
        ("trans_conv", [(3, 4), (2, 3)], (), "same dtype and device as X", (4, 6)),
        (
            "conv_transpose2d",
            [(2, 3, 4, 5), (3, 2, 3, 2)],
            (2, 1, 1),
            "same dtype and device as x",
            (2, 2, 8, 9),
        ),
    ):
        call = impl.function(function)
        call(*(randn(rng, *size) for size in sizes), *settings)  # implemented at all?
        meta = [torch.empty(size, dtype=torch.float64, device="meta") for size in sizes]
        out = expect_device_kept(
            call, *meta, *settings, what=f"{function}: the result must be {rule}"
        )
        if out is not None:
            expect_tensor(out, what=f"{function} on inputs on the meta device", shape=shape)


@pytest.mark.points(1)
def test_conv_transpose2d_int_or_pair(impl, rng, seed):
    """stride, padding and output_padding: each an int or a pair, one pair at a time."""
    x, w = randn(rng, 1, 2, 4, 5), randn(rng, 2, 3, 3, 2)
    for name, pair_form, settings in (
        ("stride", "(sh, sw)", ((2, 3), 0, 0)),
        ("padding", "(ph, pw)", (2, (1, 0), 0)),
        ("output_padding", "(oh, ow)", (3, 0, (1, 2))),
        ("stride", "(sh, sw)", ((2, 2), 1, 1)),
    ):
        config = _config((1, 2, 4, 5), (2, 3, 3, 2), *settings, seed)
        rule = (
            f"{name} is an int or a pair {pair_form}: the first entry is for the rows "
            "(height), the second for the columns (width); an int v means (v, v)"
        )
        try:
            out = impl.conv_transpose2d(x, w, *settings)
        except StudentCodeError as error:
            if error.remote_type == "NotImplementedError":
                raise
            fail(f"conv_transpose2d [{describe(config)}]: {error}. Likely mistake: {rule}")
        expect_close(
            out,
            reference(x, w, *settings),
            what=f"conv_transpose2d with {name} = {config[name]}",
            config=config,
            dtype=x.dtype,
            hint=rule,
            shape_hint=rule,
        )


@pytest.mark.points(1)
def test_inputs_not_modified(impl, rng, seed):
    hint = (
        "the function modified its input in place (an in-place op such as unsqueeze_, "
        "mul_, += on the input, or writing into it): never modify the inputs; work on new "
        "tensors"
    )
    X, K = randn(rng, 3, 4), randn(rng, 2, 3)
    x, w = randn(rng, 2, 3, 4, 3), randn(rng, 3, 2, 3, 2)
    for function, args in (("trans_conv", (X, K)), ("conv_transpose2d", (x, w, 2, 1, 1))):
        expect_inputs_unchanged(
            impl,
            function,
            args,
            inputs={"the first argument": 0, "the second argument": 1},
            config={"seed": seed},
            hint=hint,
        )


def _trans_conv_reference(X, K):
    return reference(X[None, None], K[None, None])[0, 0]


@pytest.mark.points(1)
def test_gradients_match_library(impl, rng, seed):
    x_shape, w_shape, stride, padding, output_padding = _configs(rng)[1]
    x, w = randn(rng, *x_shape), randn(rng, *w_shape)
    X, K = randn(rng, 4, 3), randn(rng, 2, 3)
    settings = (stride, padding, output_padding)
    cases = (
        (
            "conv_transpose2d",
            (x, w, *settings),
            reference,
            lambda out: diagnose(out, x, w, *settings),
            _config(x_shape, w_shape, *settings, seed),
        ),
        (
            "trans_conv",
            (X, K),
            _trans_conv_reference,
            lambda out: diagnose(out, X[None, None], K[None, None]),
            {"X": (4, 3), "K": (2, 3), "seed": seed},
        ),
    )
    for function, args, expected, diagnosis, config in cases:
        expect_gradients_match(
            impl,
            function,
            args,
            expected,
            wrt={"the input": 0, "the kernel": 1},
            grad_output=rng,
            config=config,
            dtype=torch.float64,
            diagnose=diagnosis,
        )


OUT_OF_RANGE = "an argument out of range must raise ValueError"


@pytest.mark.points(2)
def test_documented_errors(impl, rng, seed):
    """Every Raises clause of trans_conv, conv_transpose_output_size and conv_transpose2d."""
    X, K = randn(rng, 3, 4), randn(rng, 2, 2)
    x, w = randn(rng, 1, 2, 3, 4), randn(rng, 2, 3, 2, 2)
    cases = [
        (
            "trans_conv with a 3-D X (X or K is not 2-D)",
            lambda: impl.trans_conv(randn(rng, 2, 3, 4), K),
            "raise ValueError when X or K is not 2-D",
        ),
        (
            "trans_conv with a 1-D K (X or K is not 2-D)",
            lambda: impl.trans_conv(X, randn(rng, 3)),
            "raise ValueError when X or K is not 2-D",
        ),
    ]
    names = ("n", "k", "stride", "padding", "output_padding", "dilation")
    for args, rule in (
        ((0, 3, 2, 0, 0, 1), "n must be at least 1"),
        ((4, 0, 1, 0, 0, 1), "k must be at least 1"),
        ((4, 3, 0, 0, 0, 1), "stride must be at least 1"),
        ((4, 3, 1, -1, 0, 1), "padding must be at least 0"),
        ((4, 3, 2, 0, -1, 1), "output_padding must be at least 0"),
        ((4, 3, 1, 0, 0, 0), "dilation must be at least 1"),
    ):
        shown = ", ".join(f"{n}={v}" for n, v in zip(names, args, strict=True))
        cases.append(
            (
                f"conv_transpose_output_size({shown}): {rule}, and {OUT_OF_RANGE}",
                lambda args=args: impl.conv_transpose_output_size(*args),
                "check every argument's range first",
            )
        )
    cases += [
        (
            "conv_transpose_output_size(n=1, k=1, stride=1, padding=1): the size is not "
            "positive ((n - 1)*s - 2p + d(k - 1) + output_padding + 1 = -1)",
            lambda: impl.conv_transpose_output_size(1, 1, 1, 1),
            "raise ValueError when the size is not positive (the padding crops everything)",
        ),
        (
            "conv_transpose2d with a 3-D x (x or w is not 4-D)",
            lambda: impl.conv_transpose2d(randn(rng, 2, 3, 4), w),
            "raise ValueError when x or w is not 4-D: x is (N, C_in, H, W)",
        ),
        (
            "conv_transpose2d with a 3-D w (x or w is not 4-D)",
            lambda: impl.conv_transpose2d(x, randn(rng, 2, 3, 2)),
            "raise ValueError when x or w is not 4-D: w is (C_in, C_out, kh, kw)",
        ),
        (
            "conv_transpose2d with x (1, 2, 3, 4) and w (3, 2, 2, 2): x.shape[1] != w.shape[0]",
            lambda: impl.conv_transpose2d(x, randn(rng, 3, 2, 2, 2)),
            "raise ValueError when x.shape[1] != w.shape[0] (C_in must agree)",
        ),
        (
            f"conv_transpose2d with stride 0: stride must be at least 1, and {OUT_OF_RANGE}",
            lambda: impl.conv_transpose2d(x, w, 0),
            "check every argument's range first",
        ),
        (
            f"conv_transpose2d with padding -1: padding must be at least 0, and {OUT_OF_RANGE}",
            lambda: impl.conv_transpose2d(x, w, 1, -1),
            "check every argument's range first",
        ),
        (
            f"conv_transpose2d with stride 2, output_padding -1: output_padding must be at "
            f"least 0, and {OUT_OF_RANGE}",
            lambda: impl.conv_transpose2d(x, w, 2, 0, -1),
            "check every argument's range first",
        ),
        (
            "conv_transpose2d with x (1, 2, 1, 1), w (2, 3, 1, 1) and padding 1: the output "
            "would be empty",
            lambda: impl.conv_transpose2d(randn(rng, 1, 2, 1, 1), randn(rng, 2, 3, 1, 1), 1, 1),
            "raise ValueError when the output would be empty (the padding crops everything)",
        ),
    ]
    for what, call, hint in cases:
        expect_raises(call, ValueError, what=what, config={"seed": seed}, hint=hint)


@pytest.mark.points(1)
def test_no_library_transposed_convolution(impl, exercise, rng):
    X, K = randn(rng, 3, 4), randn(rng, 2, 2)
    x, w = randn(rng, 2, 2, 3, 4), randn(rng, 2, 3, 2, 3)
    expect_no_library_ops(
        impl, "trans_conv", X, K, families=exercise.forbidden.get("trans_conv", [])
    )
    expect_no_library_ops(
        impl,
        "conv_transpose2d",
        x,
        w,
        2,
        1,
        1,
        families=exercise.forbidden.get("conv_transpose2d", []),
    )


# -- 9.4: zero insertion -------------------------------------------------------------------
RECIPE = (
    "insert s - 1 zeros between the input pixels (none after the last), pad k - 1 - p "
    "zeros on each side (plus output_padding at the bottom and right only; below zero, "
    "crop), flip the kernel (K.flip(0, 1)), then cross-correlate with stride 1"
)


def reference_zero_insert(X, stride):
    """X[i, j] at (i*sh, j*sw) of a zero tensor, built the trusted way."""
    sh, sw = pair(stride)
    H, W = X.shape
    D = torch.zeros(((H - 1) * sh + 1, (W - 1) * sw + 1), dtype=torch.float64)
    D[::sh, ::sw] = X
    return D


def _zero_insert_hint(out, X, stride):
    """The likely mistake behind a wrong zero_insert result."""
    if not isinstance(out, torch.Tensor) or out.dim() != 2:
        return ""
    (sh, sw), (H, W) = pair(stride), X.shape
    shape = tuple(out.shape)
    if shape == (H * sh, W * sw) and (sh, sw) != (1, 1):
        return "zeros after the last pixel too: n pixels become (n - 1)*s + 1, not n*s"
    if shape == ((H - 1) * (sh + 1) + 1, (W - 1) * (sw + 1) + 1):
        return "s zeros instead of s - 1 between neighbours: X[i, j] goes to (i*s, j*s)"
    want = reference_zero_insert(X, stride)
    if shape == tuple(want.shape):
        copies = X.repeat_interleave(sh, 0).repeat_interleave(sw, 1)[: shape[0], : shape[1]]
        if torch.allclose(out.detach().to(torch.float64), copies):
            return (
                "the gaps hold copies of the pixels (nearest-neighbour upsampling): "
                "zero insertion leaves them zero"
            )
    return ""


@pytest.mark.points(2)
def test_zero_insert_matches_definition(impl, rng, seed):
    H, W, _, _ = shapes(rng, size=(2, 5), kernel_h=(1, 2), kernel_w=(1, 2))
    for stride in (randint(rng, 2, 3), (randint(rng, 2, 3), 1), (1, randint(rng, 2, 3)), 1):
        X = randn(rng, H, W)
        out = impl.zero_insert(X, stride)
        hint = _zero_insert_hint(out, X, stride)
        expect_close(
            out,
            reference_zero_insert(X, stride),
            what="zero_insert(X, stride)",
            config={"X": (H, W), "stride": stride, "seed": seed},
            dtype=X.dtype,
            hint=hint or "D[i*sh, j*sw] = X[i, j], zeros everywhere else",
            shape_hint=hint or "shape ((H - 1)*sh + 1, (W - 1)*sw + 1)",
        )


def _correlation_configs(rng):
    """Random non-square (X, K, stride, padding, output_padding): strides 1 to 3 (int or
    pair), paddings up to k - 1 and one past it (a negative pad: crop), output paddings
    (one of them the largest allowed)."""
    configs = []
    for kind in range(5):
        H, W, kh, kw = shapes(rng, size=(2, 5), kernel_h=(2, 4), kernel_w=(1, 3))
        s = (randint(rng, 1, 3), randint(rng, 1, 3)) if kind % 2 else randint(rng, 2, 3)
        sh, sw = pair(s)
        p = (randint(rng, 0, kh - 1), randint(rng, 0, kw - 1)) if kind else 0
        if kind == 4:  # one past k - 1 in the rows (the output stays non-empty)
            H, p = max(H, 4), (kh, randint(rng, 0, kw - 1))
        o = (randint(rng, 0, sh - 1), randint(rng, 0, sw - 1)) if kind >= 2 else 0
        if kind == 2:  # the largest output padding: never zero (an int stride of 2 or 3)
            o = (sh - 1, sw - 1)
        # A non-empty output: the padding crops at most what the uncropped size allows.
        (oh, ow), (ph, pw) = pair(o), pair(p)
        ph = min(ph, ((H - 1) * sh + kh + oh - 1) // 2)
        pw = min(pw, ((W - 1) * sw + kw + ow - 1) // 2)
        configs.append(((H, W), (kh, kw), s, p if pair(p) == (ph, pw) else (ph, pw), o))
    return configs


def _correlation_hint(out, X, K, stride, padding, output_padding):
    """The likely mistake behind a wrong trans_conv_by_correlation result."""
    if not isinstance(out, torch.Tensor) or out.dim() != 2:
        return ""
    got = out.detach().to(torch.float64)
    (sh, sw), (ph, pw), (oh, ow) = pair(stride), pair(padding), pair(output_padding)
    (H, W), (kh, kw) = X.shape, K.shape
    want = reference(X[None, None], K[None, None], stride, padding, output_padding)[0, 0]
    if tuple(got.shape) != tuple(want.shape):
        if tuple(got.shape) == (want.shape[0] + 2 * ph, want.shape[1] + 2 * pw):
            return "padding not taken off: pad k - 1 - p on each side, not k - 1"
        if tuple(got.shape) == (
            (H - 1) * sh + 2 * ph + oh - kh + 2,
            (W - 1) * sw + 2 * pw + ow - kw + 2,
        ):
            return "padded by p: pad k - 1 - p on each side (padding crops the full result)"
        if (ph > kh - 1 or pw > kw - 1) and tuple(got.shape) == (
            want.shape[0] + 2 * max(ph - kh + 1, 0),
            want.shape[1] + 2 * max(pw - kw + 1, 0),
        ):
            return "when p > k - 1 the pad k - 1 - p is below zero: crop the spread input"
        return ""
    for candidate, mistake in (
        (
            reference(X[None, None], K.flip(0, 1)[None, None], stride, padding, output_padding),
            "the kernel is not flipped: correlate with K.flip(0, 1)",
        ),
        (
            F.pad(reference(X[None, None], K[None, None], stride, padding)[0, 0], (ow, 0, oh, 0)),
            "output_padding on the wrong side: the extra zeros go at the bottom and right",
        ),
    ):
        if tuple(candidate.shape[-2:]) == tuple(got.shape) and torch.allclose(
            got, candidate.reshape(got.shape), rtol=1e-6, atol=1e-8
        ):
            return mistake
    return ""


@pytest.mark.points(3)
def test_trans_conv_by_correlation_matches_library(impl, rng, seed):
    for x_size, k_size, stride, padding, output_padding in _correlation_configs(rng):
        X, K = randn(rng, *x_size), randn(rng, *k_size)
        out = impl.trans_conv_by_correlation(X, K, stride, padding, output_padding)
        hint = _correlation_hint(out, X, K, stride, padding, output_padding)
        expect_close(
            out,
            reference(X[None, None], K[None, None], stride, padding, output_padding)[0, 0],
            what="trans_conv_by_correlation vs F.conv_transpose2d",
            config={
                "X": x_size,
                "K": k_size,
                "stride": stride,
                "padding": padding,
                "output_padding": output_padding,
                "seed": seed,
            },
            dtype=X.dtype,
            hint=hint or RECIPE,
            shape_hint=hint or SIZE,
        )


@pytest.mark.points(1)
def test_zero_insertion_int_or_pair(impl, rng, seed):
    """zero_insert's stride, and trans_conv_by_correlation's three settings, as pairs."""
    X, K = randn(rng, 3, 4), randn(rng, 3, 2)
    calls = [
        ("zero_insert", (X, (2, 3)), reference_zero_insert(X, (2, 3))),
        ("zero_insert", (X, (1, 2)), reference_zero_insert(X, (1, 2))),
    ]
    for settings in (((2, 3), 1, 0), (2, (2, 0), 1), (3, 1, (2, 1)), ((2, 2), (1, 1), (1, 1))):
        want = reference(X[None, None], K[None, None], *settings)[0, 0]
        calls.append(("trans_conv_by_correlation", (X, K, *settings), want))
    for function, args, want in calls:
        config = {"arguments after X": args[1:] if function == "zero_insert" else args[2:]}
        rule = (
            "each setting is an int or a pair (rows, columns): the first entry for the "
            "height, the second for the width; an int v means (v, v)"
        )
        try:
            out = impl.function(function)(*args)
        except StudentCodeError as error:
            if error.remote_type == "NotImplementedError":
                raise
            fail(f"{function} [{describe(config)}]: {error}. Likely mistake: {rule}")
        expect_close(
            out, want, what=function, config=config, dtype=X.dtype, hint=rule, shape_hint=rule
        )


@pytest.mark.points(1)
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32], ids=["float64", "float32"])
def test_zero_insertion_dtype_and_device(impl, rng, dtype):
    """Same dtype as X, with K in either dtype; on X's device (meta: shapes, no data)."""
    other = torch.float32 if dtype == torch.float64 else torch.float64
    X = randn(rng, 3, 4, dtype=dtype)
    expect_tensor(
        impl.zero_insert(X, 2),
        what="zero_insert output (same dtype as X: allocate with dtype=X.dtype)",
        dtype=dtype,
        config={"X": (3, 4), "stride": 2},
    )
    for kernel_dtype in (dtype, other):
        K = randn(rng, 2, 3, dtype=kernel_dtype)
        expect_tensor(
            impl.trans_conv_by_correlation(X, K, 2, 1, 1),
            what="trans_conv_by_correlation output (same dtype as X, whatever K's dtype: "
            "compute with K.to(X.dtype); torch.promote_types of both breaks it)",
            dtype=dtype,
            config={"X": (3, 4), "K": (2, 3), "K dtype": kernel_dtype},
        )
    for function, args, shape in (
        ("zero_insert", (torch.empty(3, 4, dtype=dtype, device="meta"), 2), (5, 7)),
        (
            "trans_conv_by_correlation",
            (
                torch.empty(3, 4, dtype=dtype, device="meta"),
                torch.empty(2, 3, dtype=dtype, device="meta"),
                2,
                1,
                1,
            ),
            (5, 8),
        ),
    ):
        out = expect_device_kept(
            impl.function(function),
            *args,
            what=f"{function}: the result must be on the same device as X",
        )
        if out is not None:
            expect_tensor(out, what=f"{function} on inputs on the meta device", shape=shape)


@pytest.mark.points(1)
def test_zero_insertion_inputs_and_gradients(impl, rng, seed):
    X, K = randn(rng, 3, 4), randn(rng, 3, 2)
    settings = ((2, 3), (1, 0), (1, 2))
    for function, args in (
        ("zero_insert", (X, (2, 3))),
        ("trans_conv_by_correlation", (X, K, *settings)),
    ):
        expect_inputs_unchanged(
            impl,
            function,
            args,
            inputs={"X": 0} if function == "zero_insert" else {"X": 0, "K": 1},
            config={"seed": seed},
            hint="never modify the inputs: write into a new tensor",
        )
    expect_gradients_match(
        impl,
        "trans_conv_by_correlation",
        (X, K, *settings),
        lambda X, K, *s: reference(X[None, None], K[None, None], *s)[0, 0],
        wrt={"X": 0, "K": 1},
        grad_output=rng,
        config={"X": (3, 4), "K": (3, 2), "settings": settings, "seed": seed},
        dtype=torch.float64,
    )


@pytest.mark.points(1)
def test_zero_insertion_errors(impl, rng, seed):
    """Every Raises clause of zero_insert and trans_conv_by_correlation."""
    X, K = randn(rng, 3, 4), randn(rng, 2, 2)
    cases = [
        (
            "zero_insert with a 3-D X: X is not 2-D",
            lambda: impl.zero_insert(randn(rng, 2, 3, 4), 2),
        ),
        (
            "zero_insert with an empty X (0, 3): X is empty",
            lambda: impl.zero_insert(randn(rng, 0, 3), 2),
        ),
        (
            "zero_insert with stride (1, -1): the stride is below 1",
            lambda: impl.zero_insert(X, (1, -1)),
        ),
        ("zero_insert with stride 0: the stride is below 1", lambda: impl.zero_insert(X, 0)),
        (
            "trans_conv_by_correlation with a 3-D K (1, 2, 2): X or K is not 2-D",
            lambda: impl.trans_conv_by_correlation(X, randn(rng, 1, 2, 2)),
        ),
        (
            "trans_conv_by_correlation with a 1-D X: X or K is not 2-D",
            lambda: impl.trans_conv_by_correlation(randn(rng, 4), K),
        ),
        (
            "trans_conv_by_correlation with padding -1: an argument is out of range",
            lambda: impl.trans_conv_by_correlation(X, K, 1, -1),
        ),
        (
            "trans_conv_by_correlation with stride 2, output_padding -1: an argument is out "
            "of range",
            lambda: impl.trans_conv_by_correlation(X, K, 2, 0, -1),
        ),
        (
            "trans_conv_by_correlation with stride 0: an argument is out of range",
            lambda: impl.trans_conv_by_correlation(X, K, 0),
        ),
        (
            "trans_conv_by_correlation with stride 2, output_padding 2: output_padding is "
            "not smaller than the stride",
            lambda: impl.trans_conv_by_correlation(X, K, 2, 0, 2),
        ),
        (
            "trans_conv_by_correlation with X (1, 1), K (1, 1), padding 1: the output would "
            "be empty",
            lambda: impl.trans_conv_by_correlation(randn(rng, 1, 1), randn(rng, 1, 1), 1, 1),
        ),
    ]
    for what, call in cases:
        expect_raises(call, ValueError, what=what, config={"seed": seed}, hint="raise ValueError")


def _own_stamp_calls(source, function):
    """Lines where ``def function`` calls this exercise's stamp implementations by name."""
    tree = parse_student_code(source, function=function)
    if tree is None:
        return []
    return sorted(
        call.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == function
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id in ("trans_conv", "conv_transpose2d")
    )


@pytest.mark.points(1)
def test_zero_insertion_no_library_convolution(impl, exercise, rng):
    X, K = randn(rng, 3, 4), randn(rng, 2, 3)
    lines = (
        _own_stamp_calls(source_text(impl.path), "trans_conv_by_correlation") if impl.path else []
    )
    if lines:
        fail(
            "trans_conv_by_correlation must be built from zero insertion, padding, a flip "
            "and your own correlation, not trans_conv or conv_transpose2d; it calls one at "
            f"line {lines[0]}"
        )
    for function, args in (("zero_insert", (X, 2)), ("trans_conv_by_correlation", (X, K, 2, 1, 1))):
        expect_no_library_ops(impl, function, *args, families=exercise.forbidden.get(function, []))


# -- the quiz: each answer against the graded student's own key -----------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "transposed_conv").tests()
