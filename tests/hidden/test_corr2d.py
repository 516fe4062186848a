"""Hidden checks for exercise 1, corr2d: random shapes against the library in float64,
dtypes, gradients, inputs left alone, errors, and no library convolution.

References are computed here, in the trusted process, with torch.nn.functional.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.checks import (
    count_matmuls,
    expect_close,
    expect_no_library_ops,
    expect_raises,
    expect_tensor,
    fail,
    python_loops,
    randint,
    randn,
)
from autograder.loader import source_text


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
    H, W = randint(rng, 5, 9), randint(rng, 5, 9)
    while W == H:
        W = randint(rng, 5, 9)
    kh, kw = randint(rng, 2, 4), randint(rng, 1, 3)
    while kw == kh:
        kw = randint(rng, 1, 3)
    return [(H, W, kh, kw), (H, W, kw, kh), (W, H, 1, 1), (H, W, H, W), (3, 4, 3, 4)]


@pytest.mark.points(2)
def test_random_shapes_match_conv2d(impl, rng, seed):
    for H, W, kh, kw in _shapes(rng):
        X, K = random_case(rng, H, W, kh, kw)
        out = impl.corr2d(X, K)
        expect_close(
            out,
            reference(X, K),
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


@pytest.mark.points(1)
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32], ids=["float64", "float32"])
def test_dtype_kept(impl, rng, dtype):
    X, K = randn(rng, 5, 6, dtype=dtype), randn(rng, 2, 2, dtype=dtype)
    expect_tensor(
        impl.corr2d(X, K),
        what="corr2d output",
        dtype=dtype,
        config={"X": X, "K": K},
        dtype_hint="a float32 accumulator: allocate with torch.zeros(..., dtype=X.dtype)",
    )
    expect_tensor(
        impl.corr2d_pad_stride(X, K, 1, 2),
        what="corr2d_pad_stride output",
        dtype=dtype,
        config={"X": X, "K": K},
        dtype_hint="a float32 accumulator or padded copy",
    )


@pytest.mark.points(2)
def test_gradients_match_library(impl, rng, seed):
    X, K = randn(rng, 6, 7), randn(rng, 3, 2)
    G = randn(rng, 4, 6)
    config = {"X": (6, 7), "K": (3, 2), "seed": seed}
    got = impl.corr2d.vjp(X, K, grad_output=G, wrt=(0, 1))
    Xr, Kr = X.clone().requires_grad_(), K.clone().requires_grad_()
    want = torch.autograd.grad(reference(Xr, Kr), (Xr, Kr), G)
    for name, mine, theirs in zip(("X", "K"), got.grads, want, strict=True):
        if mine is None:
            fail(
                f"corr2d [{config}]: no gradient flows to {name}; keep the computation in torch "
                "operations on the inputs (building rows in a list or calling .item() cuts it)"
            )
        expect_close(
            mine,
            theirs,
            what=f"gradient of corr2d w.r.t. {name}",
            config=config,
            hint=diagnose(got.output, X, K) or "the forward values are wrong",
        )


@pytest.mark.points(1)
def test_inputs_not_modified(impl, rng, seed):
    for kh, kw in ((1, 1), (2, 3)):
        X, K = randn(rng, 5, 6), randn(rng, kh, kw)
        stored_X, stored_K = impl.helper("stored", X), impl.helper("stored", K)
        impl.corr2d(stored_X, stored_K)
        impl.corr2d_pad_stride(stored_X, stored_K, 1, 1)
        for name, stored, original in (("X", stored_X, X), ("K", stored_K, K)):
            expect_close(
                stored.fetch(),
                original,
                what=f"{name} after calling corr2d",
                config={"K": (kh, kw), "seed": seed},
                hint="the function modified its input in place (an in-place op such as mul_, "
                "+=, or writing into X); work on new tensors",
            )


@pytest.mark.points(2)
def test_multi_channel_random(impl, rng, seed):
    C, O = randint(rng, 2, 3), randint(rng, 2, 3)
    X, K = randn(rng, C, 6, 5), randn(rng, O, C, 3, 2)
    config = {"X": (C, 6, 5), "K": (O, C, 3, 2), "seed": seed}
    expected = F.conv2d(X[None], K)[0]
    expect_close(
        impl.corr2d_multi_in(X, K[0]),
        expected[0],
        what="corr2d_multi_in",
        config=config,
        hint="sum the per-channel results over the channels",
    )
    expect_close(
        impl.corr2d_multi_in_out(X, K),
        expected,
        what="corr2d_multi_in_out",
        config=config,
        hint="stack one output per kernel, along dimension 0",
    )
    expect_raises(
        lambda: impl.corr2d_multi_in(X, K[0, :-1]),
        ValueError,
        what="corr2d_multi_in with fewer kernel channels than input channels",
        config=config,
        hint="check that X and K have the same number of channels",
    )


@pytest.mark.points(1)
def test_1x1_is_one_matrix_product(impl, rng, seed):
    C, O = randint(rng, 2, 4), randint(rng, 2, 4)
    X, K = randn(rng, C, 4, 5), randn(rng, O, C, 1, 1)
    config = {"X": (C, 4, 5), "K": (O, C, 1, 1), "seed": seed}
    traced = impl.corr2d_multi_in_out_1x1.trace(X, K)
    expect_close(
        traced.value, F.conv2d(X[None], K)[0], what="corr2d_multi_in_out_1x1", config=config
    )
    loops = python_loops(source_text(impl.path), "corr2d_multi_in_out_1x1") if impl.path else []
    products = count_matmuls(traced.ops)
    if loops or products != 1:
        fail(
            f"corr2d_multi_in_out_1x1 [{config}] must be ONE matrix product with no Python "
            f"loop; found {products} matrix products and loops at lines {loops or 'none'}. "
            "Reshape K to (O, C) and X to (C, H*W) and multiply once."
        )


@pytest.mark.points(2)
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
            what="corr2d_pad_stride",
            config=config,
            shape_hint="the size is floor((n + 2p - k) / s) + 1 with p zeros on EACH side "
            "(per-side padding, not the total)",
            hint="window (i, j) starts at row i*sh and column j*sw of the padded input",
        )
    expect_raises(
        lambda: impl.corr2d_pad_stride(torch.ones(2, 2), torch.ones(5, 5), 1, 1),
        ValueError,
        what="corr2d_pad_stride with a 5x5 kernel on a 2x2 input padded by 1",
        hint="a kernel larger than the padded input must raise ValueError",
    )


@pytest.mark.points(1)
def test_no_library_convolution(impl, exercise, rng):
    X3, K4 = randn(rng, 2, 5, 5), randn(rng, 2, 2, 3, 3)
    calls = {
        "corr2d": (X3[0], K4[0, 0]),
        "corr2d_multi_in": (X3, K4[0]),
        "corr2d_multi_in_out": (X3, K4),
        "corr2d_multi_in_out_1x1": (X3, K4[:, :, :1, :1]),
        "corr2d_pad_stride": (X3[0], K4[0, 0], 1, 2),
    }
    for function, args in calls.items():
        expect_no_library_ops(impl, function, *args, families=exercise.forbidden.get(function, []))
