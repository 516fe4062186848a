"""Test data for checks, drawn from the check's seeded generator: tensors, integers,
pairs of distinct integers and non-square shapes."""

from __future__ import annotations

from typing import NamedTuple

import torch


def randn(
    generator: torch.Generator, *shape: int, dtype: torch.dtype = torch.float64
) -> torch.Tensor:
    """Standard-normal test data from the check's generator."""
    return torch.randn(*shape, generator=generator, dtype=dtype)


def randint(generator: torch.Generator, low: int, high: int) -> int:
    """An integer in [low, high] from the check's generator."""
    return int(torch.randint(low, high + 1, (1,), generator=generator))


def pair(value: int | tuple[int, int] | list[int]) -> tuple[int, ...]:
    """An int or an (h, w) pair, as a tuple: ``2`` -> ``(2, 2)``, ``[1, 3]`` -> ``(1, 3)``."""
    return (value, value) if isinstance(value, int) else tuple(value)


def distinct(
    generator: torch.Generator, first: tuple[int, int], second: tuple[int, int]
) -> tuple[int, int]:
    """Two different integers, the first in ``first`` and the second in ``second`` (both
    inclusive ranges, which must hold two different values): the second is drawn again
    while it equals the first."""
    a = randint(generator, *first)
    b = randint(generator, *second)
    while b == a:
        b = randint(generator, *second)
    return a, b


class Shape(NamedTuple):
    """An input's height and width and a kernel's, each pair with two different values."""

    H: int
    W: int
    kh: int
    kw: int


def shapes(
    generator: torch.Generator,
    *,
    size: tuple[int, int],
    kernel_h: tuple[int, int],
    kernel_w: tuple[int, int],
) -> Shape:
    """A non-square input (H != W, both in ``size``) and a non-square kernel (kh in
    ``kernel_h`` != kw in ``kernel_w``): a transposed height and width, or a kernel
    applied the wrong way round, changes a shape and is seen."""
    H, W = distinct(generator, size, size)
    kh, kw = distinct(generator, kernel_h, kernel_w)
    return Shape(H, W, kh, kw)
