"""Hidden checks for exercise 5, conv_as_matmul: the kernel matrix's structure, its product
and its transpose; im2col against F.unfold exactly; conv2d_im2col against F.conv2d on random
stride, padding and dilation, as one matrix product, with gradients; dtypes; no library
convolution or im2col; the quiz, against each student's own variant.

References are computed here, in the trusted process, with torch.nn.functional in float64.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.boundary.submission import StudentCodeError
from autograder.checks import (
    count_matmuls,
    describe,
    distinct,
    expect_close,
    expect_device_kept,
    expect_gradients_match,
    expect_no_library_ops,
    expect_raises,
    expect_tensor,
    fail,
    pair,
    randint,
    randn,
    shapes,
)
from autograder.quiz.grading import QuizChecks

SIZE = "along each dimension o = floor((n + 2p - d*(k-1) - 1) / s) + 1, with p zeros on EACH side"
ROW = (
    "row r = i*ow + j of M (output (i, j)) holds K[a, b] at column (i + a)*W + (j + b) "
    "and zeros elsewhere"
)
EXACT = {"rtol": 0.0, "atol": 0.0}


def out_size(n, k, stride=1, padding=0, dilation=1):
    return (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1


# -- the kernel matrix ---------------------------------------------------------------------
def reference_matrix(K, H, W):
    """M built the trusted way: column p of M is the correlation of the p-th basis image."""
    basis = torch.eye(H * W, dtype=torch.float64).view(H * W, 1, H, W)
    columns = F.conv2d(basis, K.to(torch.float64)[None, None])  # (H*W, 1, oh, ow)
    return columns.reshape(H * W, -1).T.contiguous()


def nonzero_kernel(rng, kh, kw):
    """A kernel with no zero entry, so every row of M has exactly kh*kw non-zeros."""
    K = randn(rng, kh, kw)
    return torch.where(K >= 0, K + 0.5, K - 0.5)


def diagnose_matrix(M, K, H, W):
    """Name the likely mistake behind a wrong kernel matrix."""
    if not isinstance(M, torch.Tensor):
        return ""
    kh, kw = K.shape
    oh, ow = H - kh + 1, W - kw + 1
    rows = oh * ow
    if tuple(M.shape) == (H * W, rows) and rows != H * W:
        return "M is transposed: it has one ROW per output position and one COLUMN per pixel"
    if tuple(M.shape) != (rows, H * W):
        return ""
    got = M.detach().to(torch.float64)
    ref = reference_matrix(K, H, W)

    def near(other):
        return torch.allclose(got, other, rtol=1e-6, atol=1e-9)

    pixels_cm = ref.view(rows, H, W).transpose(1, 2).reshape(rows, H * W)
    outputs_cm = ref.view(oh, ow, H * W).transpose(0, 1).reshape(rows, H * W)
    both_cm = pixels_cm.view(oh, ow, H * W).transpose(0, 1).reshape(rows, H * W)
    if not near(ref) and near(reference_matrix(K.flip(0, 1), H, W)):
        return (
            "the kernel is flipped: the rows of M hold K itself at shifted offsets, not the "
            "flipped kernel (flipping is for true convolution, not cross-correlation)"
        )
    if near(pixels_cm) or near(both_cm):
        return (
            "column-major flattening of the input: pixel X[a, b] is column a*W + b of M "
            "(row-major, as X.flatten() orders it), not b*H + a"
        )
    if near(outputs_cm):
        return (
            "column-major flattening of the output: row r of M is output (r // ow, r % ow), "
            "so output (i, j) is row i*ow + j, not j*oh + i"
        )
    nnz = (got != 0).sum(dim=1)
    if not bool((nnz == kh * kw).all()) and not bool((K == 0).any()):
        row = int((nnz != kh * kw).nonzero()[0])
        return (
            f"row {row} has {int(nnz[row])} non-zeros, expected kh*kw = {kh * kw}: each row "
            f"holds the whole kernel once; {ROW}"
        )
    return ROW


def matrix_shape_hint(M, kh, kw, H, W):
    """Name what is wrong with a kernel matrix's shape. "Swapped" is said only of the shape
    that swapping height and width gives; any other wrong shape gets the formula."""
    oh, ow = H - kh + 1, W - kw + 1
    formula = (
        f"M is (oh*ow, H*W) = ({oh * ow}, {H * W}) here, with oh = H - kh + 1 = {oh} and "
        f"ow = W - kw + 1 = {ow}"
    )
    got = tuple(M.shape) if isinstance(M, torch.Tensor) else ()
    if got == (H * W, oh * ow):
        return f"M is transposed: one ROW per output position, one COLUMN per pixel; {formula}"
    if len(got) == 2 and got[1] == H * W:
        swapped = (W - kh + 1) * (H - kw + 1)
        if got[0] == swapped != oh * ow:
            return f"height and width swapped: {formula}"
        if got[0] == H * W:
            return (
                "one row per input pixel: M has one row per OUTPUT position (no padding, so "
                f"fewer outputs than pixels); {formula}"
            )
        if got[0] in ((oh - 1) * ow, oh * (ow - 1), (oh - 1) * (ow - 1)):
            return f"one output row or column short: {formula}"
    return f"the shape follows from K's shape, H and W: {formula}"


def _matrix_shapes(rng):
    """Non-square input and kernel (both orientations), a 1x1 kernel, a kernel as large as
    the input."""
    H, W, kh, kw = shapes(rng, size=(4, 7), kernel_h=(2, 3), kernel_w=(1, 3))
    return [(H, W, kh, kw), (W, H, kw, kh), (H, W, 1, 1), (3, 4, 3, 4)]


def _student_matrix(impl, K, H, W, config):
    """The student's kernel_matrix(K, H, W), of the right shape, and what is wrong with it."""
    kh, kw = K.shape
    M = impl.kernel_matrix(K, H, W)
    hint = diagnose_matrix(M, K, H, W)
    M = expect_tensor(
        M,
        what="kernel_matrix",
        shape=((H - kh + 1) * (W - kw + 1), H * W),
        config=config,
        shape_hint=matrix_shape_hint(M, kh, kw, H, W),
    )
    return M, hint


@pytest.mark.points(2)
def test_kernel_matrix_structure(impl, rng, seed):
    for H, W, kh, kw in _matrix_shapes(rng)[:2]:
        K = nonzero_kernel(rng, kh, kw)
        config = {"K": (kh, kw), "H": H, "W": W, "seed": seed}
        M, hint = _student_matrix(impl, K, H, W, config)
        nnz = (M != 0).sum(dim=1)
        if not bool((nnz == kh * kw).all()):
            row = int((nnz != kh * kw).nonzero()[0])
            fail(
                f"kernel_matrix [{describe(config)}]: row {row} has {int(nnz[row])} non-zeros "
                f"for a kernel with no zero entry; every row must have kh*kw = {kh * kw}. "
                f"Likely mistake: {ROW}"
            )
        expect_close(
            M,
            reference_matrix(K, H, W),
            what="kernel_matrix (a kernel with no zero "
            "entry: each row must hold it once, at the right offsets)",
            config=config,
            hint=hint,
        )


@pytest.mark.points(2)
def test_kernel_matrix_product_matches_conv2d(impl, rng, seed):
    for H, W, kh, kw in _matrix_shapes(rng):
        X, K = randn(rng, H, W), randn(rng, kh, kw)
        config = {"X": (H, W), "K": (kh, kw), "seed": seed}
        M, hint = _student_matrix(impl, K, H, W, config)
        expected = F.conv2d(X[None, None], K[None, None]).flatten()
        expect_close(
            M.to(torch.float64) @ X.flatten(),
            expected,
            what="kernel_matrix(K, H, W) @ X.flatten() vs the library's "
            "cross-correlation, flattened row-major",
            config=config,
            hint=hint,
        )


@pytest.mark.points(2)
def test_kernel_matrix_transpose_is_input_gradient(impl, rng, seed):
    H, W, kh, kw = _matrix_shapes(rng)[0]
    X, K, g = randn(rng, H, W), randn(rng, kh, kw), randn(rng, H - kh + 1, W - kw + 1)
    config = {"X": (H, W), "K": (kh, kw), "seed": seed}
    M, hint = _student_matrix(impl, K, H, W, config)
    Xr = X.clone().requires_grad_()
    (want,) = torch.autograd.grad(F.conv2d(Xr[None, None], K[None, None]), Xr, g[None, None])
    expect_close(
        (M.to(torch.float64).T @ g.flatten()).view(H, W),
        want,
        what="kernel_matrix(K, H, W).T @ g, which must be the gradient of the "
        "cross-correlation w.r.t. its input (a transposed convolution)",
        config=config,
        hint=hint,
    )


@pytest.mark.points(1)
def test_kernel_matrix_dtype_and_gradient(impl, rng, seed):
    for dtype in (torch.float32, torch.float64):
        K_typed = randn(rng, 2, 3, dtype=dtype)
        expect_tensor(
            impl.kernel_matrix(K_typed, 4, 5),
            what="kernel_matrix output",
            shape=(9, 20),
            dtype=dtype,
            config={"K": K_typed, "H": 4, "W": 5},
            dtype_hint="M has the same dtype as K: allocate it with K.new_zeros(...) or "
            "dtype=K.dtype",
        )
    H, W, kh, kw = 5, 4, 2, 2
    K, G = randn(rng, kh, kw), randn(rng, (H - kh + 1) * (W - kw + 1), H * W)
    # Differentiable trusted reference: M = sum_ab K[a, b] * (matrix of tap (a, b)).
    taps = torch.stack(
        [reference_matrix(torch.eye(kh * kw)[t].view(kh, kw), H, W) for t in range(kh * kw)]
    )
    expect_gradients_match(
        impl,
        "kernel_matrix",
        (K, H, W),
        lambda K, H, W: (K.reshape(-1, 1, 1) * taps).sum(0),
        wrt={"K": 0},
        grad_output=G,
        config={"K": (kh, kw), "H": H, "W": W, "seed": seed},
        diagnose=lambda M: diagnose_matrix(M, K, H, W),
        hint="the matrix itself is wrong",
        graph_cut="write K's entries into M with torch operations (slice assignment), not "
        "through .item(), .tolist() or numpy",
    )


# -- im2col --------------------------------------------------------------------------------
def _conv_configs(rng):
    """Random shapes (N > 1, C > 1, non-square input and kernel) with four kinds of settings:
    int stride and padding; pairs for all three; int dilation 2; mixed ints and pairs."""
    configs = []
    kinds = [
        lambda: (randint(rng, 1, 2), randint(rng, 1, 2), 1),
        lambda: (
            (randint(rng, 1, 3), randint(rng, 1, 3)),
            (randint(rng, 0, 2), randint(rng, 1, 2)),
            (randint(rng, 1, 2), 2),
        ),
        lambda: (1, 1, 2),
        lambda: (2, (0, randint(rng, 1, 2)), (2, 1)),
    ]
    for kind in kinds:
        N, C = randint(rng, 2, 3), randint(rng, 2, 3)
        H, W = randint(rng, 5, 9), randint(rng, 5, 9)
        if kind is kinds[3]:
            H |= 1  # an odd span under stride 2 (dilation 2, no padding): o is not span // s
        while W == H:
            W = randint(rng, 5, 9)
        kh, kw = randint(rng, 1, 3), randint(rng, 2, 3)
        while kw == kh:
            kw = randint(rng, 1, 3)
        stride, padding, dilation = kind()
        configs.append(((N, C, H, W), (kh, kw), stride, padding, dilation))
    return configs


def reference_unfold(X, kernel, stride, padding, dilation):
    return F.unfold(X, kernel, dilation=dilation, padding=padding, stride=stride)


def _pad_total(X, padding):
    """X padded the textbook's way: padding as the total over both sides."""
    ph, pw = pair(padding)
    return [
        F.pad(X, (pw // 2, pw // 2, ph // 2, ph // 2)),
        F.pad(X, (pw // 2, pw - pw // 2, ph // 2, ph - ph // 2)),
    ]


def diagnose_cols(cols, X, kernel, stride, padding, dilation):
    """Name the likely mistake behind a wrong im2col result."""
    if isinstance(cols, torch.Tensor) and cols.dim() != 3:
        return "cols has shape (N, C*kh*kw, oh*ow): the windows (i, j) flattened into one dimension"
    if not isinstance(cols, torch.Tensor):
        return ""
    N, C = X.shape[:2]
    kh, kw = kernel
    got = cols.detach().to(torch.float64)
    ref = reference_unfold(X, kernel, stride, padding, dilation)

    def same(other):
        return tuple(other.shape) == tuple(got.shape) and torch.equal(got, other)

    if cols.dtype != X.dtype or (
        tuple(got.shape) == tuple(ref.shape) and torch.allclose(got, ref, rtol=1e-6, atol=1e-6)
    ):
        return (
            f"the values went through another dtype ({str(cols.dtype).removeprefix('torch.')} "
            f"for {str(X.dtype).removeprefix('torch.')} input): a buffer allocated without "
            "dtype=X.dtype (a plain torch.zeros(shape) is float32) rounds them"
        )
    if tuple(got.shape) == tuple(ref.shape):
        L = ref.shape[-1]
        if same(ref.view(N, C, kh * kw, L).transpose(1, 2).reshape(N, C * kh * kw, L)) and C > 1:
            return (
                "wrong row order, kernel offsets outer and channels inner: im2col's row "
                "c*kh*kw + a*kw + b holds channel c at tap (a, b), channel outer, as in "
                "weight.reshape(O, C*kh*kw) and F.unfold"
            )
        oh = out_size(X.shape[2], kh, pair(stride)[0], pair(padding)[0], pair(dilation)[0])
        ow = L // oh
        if same(ref.view(N, -1, oh, ow).transpose(2, 3).reshape(N, -1, L)) and oh > 1 and ow > 1:
            return "the windows (columns) must go in row-major order: column i*ow + j"
    for padded in _pad_total(X, padding):
        if same(reference_unfold(padded, kernel, stride, 0, dilation)):
            return "the padding is per side: add p zeros on EACH side, not p in total"
    if pair(dilation) != (1, 1) and same(reference_unfold(X, kernel, stride, padding, 1)):
        return (
            "dilation ignored: tap (a, b) reads the padded input at row i*sh + a*dh and "
            "column j*sw + b*dw"
        )
    if pair(stride) != (1, 1) and same(reference_unfold(X, kernel, 1, padding, dilation)):
        return "stride ignored: window (i, j) starts at row i*sh and column j*sw"
    if tuple(got.shape) != tuple(ref.shape):
        return f"the shape is (N, C*kh*kw, oh*ow); {SIZE}"
    return (
        "tap (a, b) of window (i, j) reads the padded input at row i*sh + a*dh and column "
        "j*sw + b*dw; check padding (per side), stride and dilation"
    )


@pytest.mark.points(8)
def test_im2col_matches_unfold(impl, rng, seed):
    for x_shape, kernel, stride, padding, dilation in _conv_configs(rng):
        X = randn(rng, *x_shape)
        config = {
            "X": x_shape,
            "kernel": kernel,
            "stride": stride,
            "padding": padding,
            "dilation": dilation,
            "seed": seed,
        }
        cols = impl.im2col(X, *kernel, stride=stride, padding=padding, dilation=dilation)
        hint = diagnose_cols(cols, X, kernel, stride, padding, dilation)
        expect_close(
            cols,
            reference_unfold(X, kernel, stride, padding, dilation),
            what="im2col vs F.unfold (compared exactly: im2col only copies values)",
            config=config,
            hint=hint,
            shape_hint=hint,
            **EXACT,
        )


@pytest.mark.points(1)
def test_dtype_and_layout_kept(impl, rng, seed):
    for dtype in (torch.float64, torch.float32):
        X, Wt = randn(rng, 2, 3, 6, 7, dtype=dtype), randn(rng, 4, 3, 3, 2, dtype=dtype)
        config = {"X": X, "W": Wt, "padding": 1}
        expect_tensor(
            impl.im2col(X, 3, 2, padding=1),
            what="im2col output",
            dtype=dtype,
            config=config,
            dtype_hint="allocate the padded copy with X.new_zeros(...) "
            "or dtype=X.dtype; a plain torch.zeros(shape) is float32",
        )
        expect_tensor(
            impl.conv2d_im2col(X, Wt, None, padding=1),
            what="conv2d_im2col output",
            dtype=dtype,
            config=config,
            dtype_hint="a buffer allocated without dtype=X.dtype",
        )
    X = randn(rng, 2, 3, 7, 6).transpose(2, 3)  # a non-contiguous view, shape (2, 3, 6, 7)
    config = {"X": "(2, 3, 6, 7) non-contiguous", "kernel": (2, 3), "stride": 2, "seed": seed}
    cols = impl.im2col(X, 2, 3, stride=2)
    expect_close(
        cols,
        reference_unfold(X.contiguous(), (2, 3), 2, 0, 1),
        what="im2col on a non-contiguous (transposed) input",
        config=config,
        hint=diagnose_cols(cols, X, (2, 3), 2, 0, 1)
        or "index X through slices; "
        "as_strided or .view() on a non-contiguous tensor reads the wrong elements "
        "(call .contiguous() first)",
        **EXACT,
    )


# -- conv2d_im2col -------------------------------------------------------------------------
def diagnose_conv(out, X, Wt, b, stride, padding, dilation):
    """Name the likely mistake behind a wrong conv2d_im2col result."""
    if isinstance(out, torch.Tensor) and out.dim() != 4:
        return "Y has shape (N, O, oh, ow): reshape the (N, O, L) product to (N, O, oh, ow)"
    if not isinstance(out, torch.Tensor):
        return ""
    got = out.detach().to(torch.float64)

    def same(other):
        return tuple(other.shape) == tuple(got.shape) and torch.allclose(got, other, atol=1e-9)

    expected = F.conv2d(X, Wt, b, stride, padding, dilation)
    if out.dtype != X.dtype or (
        tuple(got.shape) == tuple(expected.shape)
        and torch.allclose(got, expected, rtol=1e-5, atol=1e-5)
    ):
        return (
            f"the values went through another dtype ({str(out.dtype).removeprefix('torch.')} "
            f"for {str(X.dtype).removeprefix('torch.')} input): a buffer allocated without "
            "dtype=X.dtype rounds them"
        )
    if same(F.conv2d(X, Wt.flip(2, 3), b, stride, padding, dilation)):
        return "the kernel is flipped: that is convolution, not cross-correlation"
    for padded in _pad_total(X, padding):
        if same(F.conv2d(padded, Wt, b, stride, 0, dilation)):
            return "the padding is per side: add p zeros on EACH side, not p in total"
    if pair(dilation) != (1, 1) and same(F.conv2d(X, Wt, b, stride, padding, 1)):
        return "dilation ignored: tap (a, b) reads row i*sh + a*dh and column j*sw + b*dw"
    if pair(stride) != (1, 1) and same(F.conv2d(X, Wt, b, 1, padding, dilation)):
        return "stride ignored: window (i, j) starts at row i*sh and column j*sw"
    if b is not None:
        plain = F.conv2d(X, Wt, None, stride, padding, dilation)
        O = b.numel()
        for shape, axis in (
            ((1, 1, 1, O), "last (width)"),
            ((1, 1, O, 1), "height"),
            ((O, 1, 1, 1), "batch"),
        ):
            try:
                candidate = plain + b.view(shape)
            except RuntimeError:
                continue
            if same(candidate):
                return (
                    f"bias added on the wrong axis (the {axis} axis): it is one number per "
                    "OUTPUT CHANNEL, added along dimension 1 (b.view(1, O, 1, 1))"
                )
        if same(plain):
            return "the bias was not added"
    if tuple(got.shape) != tuple(expected.shape):
        return f"the shape is (N, O, oh, ow); {SIZE}"
    return (
        "W.reshape(O, C*kh*kw) @ im2col(X): the weight's columns must be in the order of "
        "im2col's rows (channel outer, then kernel row, then kernel column)"
    )


def _call_conv(impl, X, Wt, b, stride, padding, dilation, config):
    """conv2d_im2col's result; an error that only the bias causes is named as such."""
    try:
        return impl.conv2d_im2col(X, Wt, b, stride=stride, padding=padding, dilation=dilation)
    except StudentCodeError as error:
        if b is None or error.remote_type != "RuntimeError":
            raise
        try:
            impl.conv2d_im2col(X, Wt, None, stride=stride, padding=padding, dilation=dilation)
        except StudentCodeError:
            raise error from None
        fail(
            f"conv2d_im2col [{describe(config)}]: works without a bias, but with one {error}. "
            "Likely mistake: the bias is added on the wrong axis: it is one number per output "
            "channel, b.view(1, O, 1) on the (N, O, L) product"
        )


@pytest.mark.points(5)
def test_conv2d_im2col_matches_conv2d(impl, rng, seed):
    for x_shape, (kh, kw), stride, padding, dilation in _conv_configs(rng):
        O = randint(rng, 2, 4)
        X, Wt = randn(rng, *x_shape), randn(rng, O, x_shape[1], kh, kw)
        config = {
            "X": x_shape,
            "W": tuple(Wt.shape),
            "stride": stride,
            "padding": padding,
            "dilation": dilation,
            "seed": seed,
        }
        out = _call_conv(impl, X, Wt, None, stride, padding, dilation, config)
        hint = diagnose_conv(out, X, Wt, None, stride, padding, dilation)
        expect_close(
            out,
            F.conv2d(X, Wt, None, stride, padding, dilation),
            what="conv2d_im2col (no bias) vs F.conv2d",
            config=config,
            hint=hint,
            shape_hint=hint,
        )


@pytest.mark.points(2)
def test_conv2d_im2col_bias(impl, rng, seed):
    O, kh, kw = randint(rng, 2, 4), 2, randint(rng, 1, 3)
    # The first input makes ow == O (and oh == O + 1): a bias broadcast along the width fits
    # the shape and gives wrong values instead of an error.
    x_shapes = [(2, 3, O + kh, O + kw - 1), (3, 2, randint(rng, 5, 7), randint(rng, 5, 7))]
    for x_shape in x_shapes:
        X, Wt, b = randn(rng, *x_shape), randn(rng, O, x_shape[1], kh, kw), randn(rng, O)
        stride, padding = (1, 0) if x_shape is x_shapes[0] else (2, 1)
        config = {
            "X": x_shape,
            "W": tuple(Wt.shape),
            "b": (O,),
            "stride": stride,
            "padding": padding,
            "seed": seed,
        }
        out = _call_conv(impl, X, Wt, b, stride, padding, 1, config)
        hint = diagnose_conv(out, X, Wt, b, stride, padding, 1)
        expect_close(
            out,
            F.conv2d(X, Wt, b, stride, padding),
            what="conv2d_im2col with bias vs F.conv2d",
            config=config,
            hint=hint,
            shape_hint=hint,
        )


@pytest.mark.points(2)
def test_conv2d_im2col_one_matrix_product(impl, rng, seed):
    N, C, O = 3, 2, 4
    X, Wt, b = randn(rng, N, C, 6, 5), randn(rng, O, C, 3, 2), randn(rng, O)
    config = {"X": (N, C, 6, 5), "W": (O, C, 3, 2), "padding": 1, "seed": seed}
    traced = impl.conv2d_im2col.trace(X, Wt, b, padding=1)
    expect_close(
        traced.value,
        F.conv2d(X, Wt, b, padding=1),
        what="conv2d_im2col",
        config=config,
        hint=diagnose_conv(traced.value, X, Wt, b, 1, 1, 1),
    )
    products = count_matmuls(traced.ops)
    if products != 1:
        fail(
            f"conv2d_im2col [{describe(config)}] must be ONE matrix product for the whole "
            f"batch; it made {products}. "
            + (
                "A loop over samples or channels multiplies piece by piece: multiply "
                "W.reshape(O, C*kh*kw) by the (N, C*kh*kw, L) columns once (@ broadcasts over "
                "N)."
                if products > 1
                else "Compute the layer with a matrix product (@, "
                "torch.matmul or einsum), not element-wise products and sums."
            )
        )


@pytest.mark.points(2)
def test_conv2d_im2col_gradients(impl, rng, seed):
    x_shape, (kh, kw), stride, padding, dilation = _conv_configs(rng)[1]
    O = randint(rng, 2, 3)
    X, Wt, b = randn(rng, *x_shape), randn(rng, O, x_shape[1], kh, kw), randn(rng, O)
    expected = F.conv2d(X, Wt, b, stride, padding, dilation)
    G = randn(rng, *expected.shape)
    settings = {"stride": stride, "padding": padding, "dilation": dilation}
    expect_gradients_match(
        impl,
        "conv2d_im2col",
        (X, Wt, b),
        lambda X, Wt, b, **settings: F.conv2d(X, Wt, b, **settings),
        wrt={"X": 0, "W": 1, "b": 2},
        grad_output=G,
        kwargs=settings,
        config={"X": x_shape, "W": tuple(Wt.shape), **settings, "seed": seed},
        diagnose=lambda out: diagnose_conv(out, X, Wt, b, stride, padding, dilation),
        graph_cut="keep the computation in torch operations on the inputs (no .item(), "
        ".numpy() or torch.tensor(...) of values)",
    )


# -- errors, argument forms, the device -------------------------------------------------------
@pytest.mark.points(1)
def test_errors(impl, rng, seed):
    K, X = randn(rng, 2, 3), randn(rng, 2, 3, 5, 6)
    cases = [
        ("kernel_matrix", (randn(rng, 3), 4, 5), {}, "K of shape (3,)", "K is not 2-D"),
        ("kernel_matrix", (randn(rng, 1, 2, 3), 4, 5), {}, "K of shape (1, 2, 3)", "K is not 2-D"),
        # oh = H - kh + 1 = 0: code without the check returns an empty matrix, silently.
        ("kernel_matrix", (K, 1, 5), {}, "K (2, 3), H 1, W 5", "K is larger than (H, W)"),
        ("kernel_matrix", (K, 4, 2), {}, "K (2, 3), H 4, W 2", "K is larger than (H, W)"),
        ("im2col", (X[0], 2, 2), {}, "X of shape (3, 5, 6)", "X is not 4-D"),
        ("im2col", (X, 2, 2), {"stride": 0}, "stride 0", "the stride is not positive"),
        ("im2col", (X, 2, 2), {"stride": (1, -1)}, "stride (1, -1)", "the stride is not positive"),
        ("im2col", (X, 2, 2), {"padding": -1}, "padding -1", "the padding is negative"),
        ("im2col", (X, 2, 2), {"dilation": 0}, "dilation 0", "the dilation is not positive"),
        (
            "im2col",
            (X, 4, 2),
            {"dilation": 2},
            "a 4x2 kernel with dilation 2 (7 rows) on a 5x6 input",
            "the dilated kernel is larger than the padded input",
        ),
        (
            "conv2d_im2col",
            (X, randn(rng, 4, 2, 2, 2)),
            {},
            "X (2, 3, 5, 6) and W (4, 2, 2, 2)",
            "the shapes do not fit together (X has 3 channels, W 2)",
        ),
    ]
    for function, args, kwargs, case, rule in cases:
        expect_raises(
            lambda f=function, a=args, k=kwargs: impl.function(f)(*a, **k),
            ValueError,
            what=f"{function} with {case}",
            config={"seed": seed},
            hint=f"{function} must raise ValueError if {rule}",
        )


@pytest.mark.points(1)
def test_argument_forms(impl, rng, seed):
    """stride, padding and dilation are each accepted as an int or an (h, w) pair."""
    X, Wt = randn(rng, 2, 2, 7, 8), randn(rng, 3, 2, 2, 3)
    forms = [
        ("stride", {"stride": (2, 1)}, "(sh, sw)"),
        ("padding", {"padding": (1, 2)}, "(ph, pw)"),
        ("dilation", {"dilation": (2, 1)}, "(dh, dw)"),
    ]
    for name, kwargs, form in forms:
        full = {"stride": 1, "padding": 0, "dilation": 1, **kwargs}
        config = {"X": (2, 2, 7, 8), "W": (3, 2, 2, 3), **kwargs, "seed": seed}
        rule = f"{name} is an int or an {form} pair: turn it into a pair with _pair({name})"
        for function, args, want in (
            ("im2col", (X, 2, 3), reference_unfold(X, (2, 3), **full)),
            ("conv2d_im2col", (X, Wt, None), F.conv2d(X, Wt, None, **full)),
        ):
            try:
                got = impl.function(function)(*args, **kwargs)
            except StudentCodeError as error:
                fail(f"{function} [{describe(config)}]: {str(error).rstrip('. ')}. {rule}")
            expect_close(
                got,
                want,
                what=f"{function} with {name} given as a pair",
                config=config,
                hint=rule,
                shape_hint=rule,
            )


@pytest.mark.points(1)
def test_meta_device(impl):
    """Results stay on the input's device: meta tensors have a shape, a dtype and a device,
    and no values, so the code runs as on a GPU without one."""
    K = torch.empty(2, 3, device="meta", dtype=torch.float64)
    X = torch.empty(2, 3, 5, 6, device="meta", dtype=torch.float64)
    for function, args, shape, like in (
        ("kernel_matrix", (K, 4, 5), (9, 20), "K"),
        ("im2col", (X, 2, 3, 1, 1), (2, 18, 36), "X"),
    ):
        config = {like: f"{tuple(args[0].shape)} on the meta device"}
        out = expect_device_kept(
            impl.function(function),
            *args,
            what=f"{function} output, not on {like}'s device",
            config=config,
        )
        if out is None:
            continue  # code that needs the values cannot run on meta: not judged
        expect_tensor(out, what=f"{function} output", shape=shape, config=config)


# -- library guards ------------------------------------------------------------------------
@pytest.mark.points(1)
def test_no_library_convolution_or_unfold(impl, exercise, rng):
    X, Wt, K = randn(rng, 2, 2, 5, 5), randn(rng, 3, 2, 2, 3), randn(rng, 2, 3)
    expect_no_library_ops(
        impl, "kernel_matrix", K, 5, 5, families=exercise.forbidden.get("kernel_matrix", [])
    )
    expect_no_library_ops(
        impl, "im2col", X, 2, 3, 1, 1, 1, families=exercise.forbidden.get("im2col", [])
    )
    expect_no_library_ops(
        impl,
        "conv2d_im2col",
        X,
        Wt,
        None,
        1,
        1,
        1,
        families=exercise.forbidden.get("conv2d_im2col", []),
    )


# -- fully connected layers as convolutions -------------------------------------------------
FC_ORDER = (
    "kernel[o, c, h, w] is weight[o, c*H*W + h*W + w]: x.flatten(1) puts the channel outer, "
    "then the row, then the column, and weight.reshape(O, C, H, W) reads each row back in "
    "that order"
)


def _fc_shapes(rng):
    """(O, (C, H, W)) triples: C > 1 with H != W, so that a swapped height and width or a
    channels-last order is seen; a 1x1 input (the later layers of a fully convolutional
    network); a one-channel input."""
    H, W = distinct(rng, (2, 5), (2, 5))
    return [
        (randint(rng, 2, 5), (randint(rng, 2, 4), H, W)),
        (randint(rng, 2, 5), (randint(rng, 3, 6), 1, 1)),
        (randint(rng, 2, 4), (1, W, H)),
    ]


def diagnose_fc(kernel, weight, in_shape):
    """Name the likely mistake behind a wrong fc_as_conv_weight result."""
    if not isinstance(kernel, torch.Tensor):
        return ""
    O, (C, H, W) = weight.shape[0], in_shape
    got = tuple(kernel.shape)
    if got != (O, C, H, W):
        if got == (O, C, W, H):
            return f"height and width swapped: the kernel is (O, C, H, W); {FC_ORDER}"
        if got == (O, H, W, C):
            return f"channels last: the kernel is (O, C, H, W), channel first; {FC_ORDER}"
        if got[:1] == (C * H * W,):
            return "the weight was transposed: nn.Linear's weight is (O, C*H*W), one row per output"
        return f"the kernel is (O, C, H, W) = {(O, C, H, W)}: one (C, H, W) image per output"
    values = kernel.detach().to(torch.float64)
    candidates = [
        (
            weight.t().reshape(O, C, H, W),
            "the weight was transposed: it is (O, C*H*W), one ROW per output (y = x @ weight.T, "
            "as nn.Linear computes it); reshape the rows, not the columns",
        ),
        (
            weight.reshape(O, H, W, C).permute(0, 3, 1, 2),
            "channels-last order: x.flatten(1) of an (N, C, H, W) input puts the channel "
            f"OUTER (NCHW), not inner (NHWC); {FC_ORDER}",
        ),
        (
            weight.reshape(O, C, W, H).transpose(2, 3),
            f"height and width swapped: rows of the image are W long; {FC_ORDER}",
        ),
    ]
    for candidate, mistake in candidates:
        if torch.equal(values, candidate) and not torch.equal(
            candidate, weight.reshape(O, C, H, W)
        ):
            return mistake
    return FC_ORDER


@pytest.mark.points(3)
def test_fc_as_conv_weight_matches_linear(impl, rng, seed):
    for O, in_shape in _fc_shapes(rng):
        C, H, W = in_shape
        N = randint(rng, 2, 3)
        weight, b, x = randn(rng, O, C * H * W), randn(rng, O), randn(rng, N, C, H, W)
        config = {"weight": (O, C * H * W), "in_shape": in_shape, "seed": seed}
        kernel = impl.fc_as_conv_weight(weight, in_shape)
        hint = diagnose_fc(kernel, weight, in_shape)
        expect_close(
            kernel,
            weight.reshape(O, C, H, W),
            what="fc_as_conv_weight (compared exactly: it only rearranges the weight)",
            config=config,
            hint=hint,
            shape_hint=hint,
            **EXACT,
        )
        expect_close(
            F.conv2d(x, kernel, b).flatten(1),
            F.linear(x.flatten(1), weight, b),
            what="F.conv2d(x, kernel, b).flatten(1) vs F.linear(x.flatten(1), weight, b)",
            config={**config, "x": (N, C, H, W)},
            hint=hint,
        )


@pytest.mark.points(2)
def test_fc_as_conv_weight_slides_over_a_larger_input(impl, rng, seed):
    """The fully convolutional trick: on a larger input the kernel gives a map of outputs,
    each the linear layer applied to one window."""
    O, (C, H, W) = _fc_shapes(rng)[0]
    N, dh, dw = 2, randint(rng, 1, 3), randint(rng, 2, 4)
    weight, b = randn(rng, O, C * H * W), randn(rng, O)
    x = randn(rng, N, C, H + dh, W + dw)
    expected = torch.stack(
        [
            torch.stack(
                [
                    F.linear(x[:, :, i : i + H, j : j + W].flatten(1), weight, b)
                    for j in range(dw + 1)
                ],
                dim=-1,
            )
            for i in range(dh + 1)
        ],
        dim=-2,
    )  # (N, O, dh + 1, dw + 1)
    config = {"weight": (O, C * H * W), "in_shape": (C, H, W), "x": tuple(x.shape), "seed": seed}
    kernel = impl.fc_as_conv_weight(weight, (C, H, W))
    hint = diagnose_fc(kernel, weight, (C, H, W))
    kernel = expect_tensor(
        kernel, what="fc_as_conv_weight", shape=(O, C, H, W), config=config, shape_hint=hint
    )
    expect_close(
        F.conv2d(x, kernel, b),
        expected,
        what="F.conv2d(x, kernel, b) on an input larger than in_shape: output (i, j) must be "
        "the linear layer on the window x[:, :, i:i+H, j:j+W]",
        config=config,
        hint=hint,
    )


def diagnose_fc_weight(weight, kernel):
    """Name the likely mistake behind a wrong conv_as_fc_weight result."""
    if not isinstance(weight, torch.Tensor):
        return ""
    O, C, H, W = kernel.shape
    if tuple(weight.shape) == (C * H * W, O) and O != C * H * W:
        return (
            "the weight is transposed: it is (O, C*H*W), one row per output, as nn.Linear stores it"
        )
    if tuple(weight.shape) != (O, C * H * W):
        return f"the weight is (O, C*H*W) = {(O, C * H * W)}: one flattened kernel per row"
    values = weight.detach().to(torch.float64)
    if torch.equal(values, kernel.permute(0, 2, 3, 1).reshape(O, -1)):
        return (
            "channels-last order: row o is kernel[o] flattened channel OUTER, then row, then "
            "column, the order of x.flatten(1) on an (N, C, H, W) input"
        )
    if torch.equal(values, kernel.transpose(2, 3).reshape(O, -1)):
        return "height and width swapped: weight[o, c*H*W + h*W + w] is kernel[o, c, h, w]"
    return "weight[o, c*H*W + h*W + w] is kernel[o, c, h, w]: kernel.reshape(O, -1)"


@pytest.mark.points(2)
def test_conv_as_fc_weight_matches_conv(impl, rng, seed):
    for O, (C, H, W) in _fc_shapes(rng):
        kernel, x = randn(rng, O, C, H, W), randn(rng, 3, C, H, W)
        config = {"kernel": (O, C, H, W), "seed": seed}
        weight = impl.conv_as_fc_weight(kernel)
        hint = diagnose_fc_weight(weight, kernel)
        expect_close(
            weight,
            kernel.reshape(O, -1),
            what="conv_as_fc_weight (compared exactly: it only rearranges the kernel)",
            config=config,
            hint=hint,
            shape_hint=hint,
            **EXACT,
        )
        expect_close(
            F.linear(x.flatten(1), weight),
            F.conv2d(x, kernel).flatten(1),
            what="F.linear(x.flatten(1), weight) vs F.conv2d(x, kernel).flatten(1)",
            config={**config, "x": (3, C, H, W)},
            hint=hint,
        )


@pytest.mark.points(1)
def test_fc_conv_weights_dtype_device_and_gradient(impl, rng, seed):
    for dtype in (torch.float32, torch.float64):
        weight = randn(rng, 3, 2 * 3 * 4, dtype=dtype)
        expect_tensor(
            impl.fc_as_conv_weight(weight, (2, 3, 4)),
            what="fc_as_conv_weight output",
            shape=(3, 2, 3, 4),
            dtype=dtype,
            config={"weight": weight, "in_shape": (2, 3, 4)},
            dtype_hint="the kernel keeps the weight's dtype: a reshape does, a conversion does not",
        )
        expect_tensor(
            impl.conv_as_fc_weight(weight.view(3, 2, 3, 4)),
            what="conv_as_fc_weight output",
            shape=(3, 24),
            dtype=dtype,
            config={"kernel": weight.view(3, 2, 3, 4)},
            dtype_hint="the weight keeps the kernel's dtype: a reshape does, a conversion does not",
        )
    weight = randn(rng, 3, 24)
    expect_gradients_match(
        impl,
        "fc_as_conv_weight",
        (weight, (2, 3, 4)),
        lambda weight, in_shape: weight.reshape(3, *in_shape),
        wrt={"weight": 0},
        grad_output=rng,
        config={"weight": (3, 24), "in_shape": (2, 3, 4), "seed": seed},
        diagnose=lambda kernel: diagnose_fc(kernel, weight, (2, 3, 4)),
        hint="the kernel itself is wrong",
        graph_cut="rearrange the weight with torch operations (reshape, view), not through "
        ".tolist(), numpy or torch.tensor(...)",
    )
    for function, args, shape, like in (
        (
            "fc_as_conv_weight",
            (torch.empty(3, 24, device="meta"), (2, 3, 4)),
            (3, 2, 3, 4),
            "weight",
        ),
        ("conv_as_fc_weight", (torch.empty(3, 2, 3, 4, device="meta"),), (3, 24), "kernel"),
    ):
        config = {like: f"{tuple(args[0].shape)} on the meta device"}
        out = expect_device_kept(
            impl.function(function),
            *args,
            what=f"{function} output, not on {like}'s device",
            config=config,
        )
        if out is not None:
            expect_tensor(out, what=f"{function} output", shape=shape, config=config)


@pytest.mark.points(1)
def test_fc_conv_weights_errors(impl, rng, seed):
    cases = [
        (
            "fc_as_conv_weight",
            (randn(rng, 12), (1, 3, 4)),
            "a weight of shape (12,)",
            "weight is not 2-D",
        ),
        (
            "fc_as_conv_weight",
            (randn(rng, 2, 12, 1), (1, 3, 4)),
            "a weight of shape (2, 12, 1)",
            "weight is not 2-D",
        ),
        # 4 x 6 = 24 = 2 x (2*2*3): reshape(-1, C, H, W) would succeed, silently, with O = 2.
        (
            "fc_as_conv_weight",
            (randn(rng, 4, 6), (2, 2, 3)),
            "weight (4, 6), in_shape (2, 2, 3)",
            "weight does not have C * H * W columns",
        ),
        (
            "fc_as_conv_weight",
            (randn(rng, 3, 10), (2, 2, 3)),
            "weight (3, 10), in_shape (2, 2, 3)",
            "weight does not have C * H * W columns",
        ),
        (
            "fc_as_conv_weight",
            (randn(rng, 4, 0), (2, 0, 3)),
            "in_shape (2, 0, 3)",
            "in_shape is not three positive ints",
        ),
        (
            "fc_as_conv_weight",
            (randn(rng, 2, 12), (-1, -3, 4)),
            "in_shape (-1, -3, 4)",
            "in_shape is not three positive ints",
        ),
        (
            "fc_as_conv_weight",
            (randn(rng, 2, 12), (2, 1.5, 4)),
            "in_shape (2, 1.5, 4)",
            "in_shape is not three positive ints",
        ),
        (
            "fc_as_conv_weight",
            (randn(rng, 2, 12), (3, 4)),
            "in_shape (3, 4)",
            "in_shape is not three positive ints",
        ),
        (
            "conv_as_fc_weight",
            (randn(rng, 2, 3, 4),),
            "a kernel of shape (2, 3, 4)",
            "kernel is not 4-D",
        ),
    ]
    for function, args, case, rule in cases:
        expect_raises(
            lambda f=function, a=args: impl.function(f)(*a),
            ValueError,
            what=f"{function} with {case}",
            config={"seed": seed},
            hint=f"{function} must raise ValueError if {rule}",
        )


# -- the quiz: each answer against the graded student's own key -----------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "conv_as_matmul").tests()
