"""The wire format's vocabulary: dtypes, limits, handles and the error of a bad message."""

from __future__ import annotations

from dataclasses import dataclass

import torch

DTYPES: dict[str, torch.dtype] = {
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bool": torch.bool,
}
DTYPE_NAMES = {dtype: name for name, dtype in DTYPES.items()}


@dataclass(frozen=True)
class Limits:
    """Caps on one message; the defaults fit every check of this course with room."""

    max_bytes: int = 256 * 2**20
    max_header_bytes: int = 4 * 2**20
    max_nodes: int = 200_000
    max_depth: int = 32
    max_string: int = 1 * 2**20


DEFAULT_LIMITS = Limits()


class ProtocolError(ValueError):
    """A value that cannot cross the boundary, or a message that breaks the format."""


@dataclass(frozen=True)
class HandleRef:
    """The wire form of a handle: an id into the worker's object table."""

    id: int
