"""The check-writing API's shared blocks: pairs, non-square shapes, float tensors,
gradients against a reference and inputs left unchanged, on an in-process worker."""

from __future__ import annotations

import pytest
import torch

from autograder.checks import (
    CheckFailure,
    distinct,
    expect_float,
    expect_gradients_match,
    expect_inputs_unchanged,
    pair,
    shapes,
)

torch.set_num_threads(1)

CODE = """
import torch

def scale(x, k):
    return x * k

def scale_cut(x, k):
    return torch.tensor((x * k).tolist(), dtype=x.dtype)

def scale_twice(x, k):
    return 2 * x * k

def scale_in_place(x, k):
    return x.mul_(k)
"""


def _args() -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(3, 4, generator=generator, dtype=torch.float64)
    return x, torch.randn(3, 4, generator=generator, dtype=torch.float64)


def test_pair_and_distinct_and_shapes() -> None:
    assert pair(2) == (2, 2)
    assert pair([1, 3]) == (1, 3)
    generator = torch.Generator().manual_seed(1)
    for _ in range(50):
        a, b = distinct(generator, (1, 2), (1, 2))
        assert a != b
        H, W, kh, kw = shapes(generator, size=(3, 4), kernel_h=(1, 2), kernel_w=(2, 3))
        assert H != W and kh != kw and 3 <= H <= 4 and 2 <= kw <= 3


def test_expect_float_names_the_integer_dtype() -> None:
    assert expect_float(torch.ones(2), what="k").dtype == torch.float32
    with pytest.raises(CheckFailure, match="dtype torch.int64, expected a floating-point kernel"):
        expect_float(torch.ones(2, dtype=torch.int64), what="k", kind="kernel")


def test_gradients_match_and_their_failures(load) -> None:
    impl = load(CODE)
    x, k = _args()
    wrt = {"x": 0, "k": 1}
    generator = torch.Generator().manual_seed(2)
    got = expect_gradients_match(impl, "scale", (x, k), torch.mul, wrt=wrt, grad_output=generator)
    assert len(got.grads) == 2
    with pytest.raises(CheckFailure, match="gradient of scale_twice w.r.t. x"):
        expect_gradients_match(impl, "scale_twice", (x, k), torch.mul, wrt=wrt, grad_output=x)
    with pytest.raises(CheckFailure, match="scale_cut .* stays differentiable, but"):
        expect_gradients_match(
            impl,
            "scale_cut",
            (x, k),
            torch.mul,
            wrt=wrt,
            grad_output=x,
            config={"x": (3, 4)},
            rule="stays differentiable",
        )


def test_inputs_unchanged_catches_an_in_place_op(load) -> None:
    impl = load(CODE)
    x, k = _args()
    expect_inputs_unchanged(impl, "scale", (x, k), inputs={"x": 0, "k": 1})
    with pytest.raises(CheckFailure, match="x after calling scale_in_place"):
        expect_inputs_unchanged(impl, "scale_in_place", (x, k), inputs={"x": 0, "k": 1})
    assert torch.equal(x, _args()[0])  # the caller's own tensor was never sent
