"""The wire format between the trusted checks and a student's worker.

Only data crosses: ``None``, bools, ints, floats, strings, lists, tuples, sets of
hashable values, dicts with str or int keys, dtypes, devices, dense tensors (dtype,
shape and raw bytes), and opaque handles to objects that stay in the worker. Never
pickle. Every message is ``8-byte header length | JSON header | tensor bytes``, and the
decoder checks every size, type and length before it builds anything, so a crafted
reply can at worst be refused with ProtocolError.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable
from typing import Any

import torch

from autograder.boundary.decoding import Decoder
from autograder.boundary.wiretypes import (
    DEFAULT_LIMITS,
    DTYPE_NAMES,
    DTYPES,
    HandleRef,
    Limits,
    ProtocolError,
)

__all__ = [
    "DEFAULT_LIMITS",
    "DTYPES",
    "HandleRef",
    "Limits",
    "ProtocolError",
    "decode",
    "encode",
    "no_handles",
]


def _tensor_bytes(tensor: torch.Tensor) -> bytes:
    flat = tensor.detach().to("cpu").contiguous().reshape(-1)
    if flat.numel() == 0:
        return b""
    # Through a uint8 view, numpy copies the raw bytes of every dtype (bfloat16 too).
    return bytes(flat.view(torch.uint8).numpy().tobytes())


class _Encoder:
    def __init__(self, limits: Limits, handle_of: Callable[[Any], int] | None) -> None:
        self.limits = limits
        self.handle_of = handle_of
        self.buffers: list[bytes] = []
        self.total = 0
        self.nodes = 0

    def encode(self, value: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise ProtocolError(f"value has more than {self.limits.max_nodes} parts")
        if depth > self.limits.max_depth:
            raise ProtocolError(f"value is nested more than {self.limits.max_depth} deep")
        if value is None or isinstance(value, bool | int | str):
            if isinstance(value, str) and len(value) > self.limits.max_string:
                raise ProtocolError(f"string longer than {self.limits.max_string} characters")
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else {"F": repr(value)}
        if isinstance(value, torch.Tensor):
            return self._tensor(value)
        if isinstance(value, HandleRef):
            return {"H": value.id}
        if isinstance(value, torch.dtype):
            if value not in DTYPE_NAMES:
                raise ProtocolError(f"dtype {value} is not supported")
            return {"dtype": DTYPE_NAMES[value]}
        if isinstance(value, torch.device):
            return {"device": str(value)}
        if isinstance(value, torch.Size):
            return {"t": [self.encode(int(v), depth + 1) for v in value]}
        if isinstance(value, tuple):
            return {"t": [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, list):
            return [self.encode(v, depth + 1) for v in value]
        if isinstance(value, set | frozenset):  # e.g. a multiple choice's letters
            return {"s": [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, dict):
            items = []
            for key, item in value.items():
                if not isinstance(key, str | int) or isinstance(key, bool):
                    raise ProtocolError(f"dict key {key!r} is not a str or int")
                items.append([key, self.encode(item, depth + 1)])
            return {"d": items}
        if self.handle_of is not None:
            return {"H": self.handle_of(value), "type": type(value).__name__[:100]}
        raise ProtocolError(
            f"a {type(value).__name__} cannot cross into the student's worker; send data "
            "(tensors, numbers, strings, lists, tuples, dicts) or handles"
        )

    def _tensor(self, tensor: torch.Tensor) -> dict[str, Any]:
        if tensor.layout != torch.strided:
            raise ProtocolError(f"only dense tensors can cross, not {tensor.layout}")
        if tensor.dtype not in DTYPE_NAMES:
            raise ProtocolError(f"tensor dtype {tensor.dtype} is not supported")
        node: dict[str, Any] = {
            "dtype": DTYPE_NAMES[tensor.dtype],
            "shape": list(tensor.shape),
            "device": str(tensor.device),
            "requires_grad": bool(tensor.requires_grad),
        }
        if tensor.device.type == "meta":
            # Shape, dtype and device without data: how a check sees where a result lives.
            node["meta"] = True
            return node
        if not tensor.is_contiguous() and tensor.dim() >= 2 and tensor.numel() > 1:
            # Keep non-contiguity: send the transpose, which the receiver transposes back.
            node["layout"] = "transposed"
            tensor = tensor.transpose(-1, -2)
        data = _tensor_bytes(tensor)
        self.total += len(data)
        if self.total > self.limits.max_bytes:
            raise ProtocolError(f"tensors larger than {self.limits.max_bytes // 2**20} MiB in all")
        node["T"] = len(self.buffers)
        self.buffers.append(data)
        return node


def encode(
    value: Any,
    *,
    limits: Limits = DEFAULT_LIMITS,
    handle_of: Callable[[Any], int] | None = None,
) -> bytes:
    """Serialise ``value``; objects that are not data become handles via ``handle_of``.

    Without ``handle_of`` (the trusted side) any non-data object is a ProtocolError.
    """
    encoder = _Encoder(limits, handle_of)
    tree = encoder.encode(value)
    header = json.dumps(
        {"v": tree, "b": [len(b) for b in encoder.buffers]}, separators=(",", ":")
    ).encode()
    if len(header) > limits.max_header_bytes:
        raise ProtocolError(f"message header larger than {limits.max_header_bytes} bytes")
    return b"".join([struct.pack(">Q", len(header)), header, *encoder.buffers])


def decode(
    data: bytes,
    *,
    limits: Limits = DEFAULT_LIMITS,
    resolve: Callable[[int, str], Any],
    place_on_device: bool = False,
) -> Any:
    """Parse a message, checking every size; ``resolve`` maps handle ids to objects.

    ``resolve(id, type_name)`` turns a handle into an object (the worker's own, or a
    proxy on the trusted side). ``place_on_device`` (the worker) puts tensors on the
    device the sender named and
    restores ``requires_grad``; the trusted side always gets plain CPU tensors.
    """
    if len(data) < 8:
        raise ProtocolError("message shorter than its length prefix")
    (header_length,) = struct.unpack(">Q", data[:8])
    if header_length > limits.max_header_bytes or 8 + header_length > len(data):
        raise ProtocolError("message header length is out of range")
    if len(data) - 8 - header_length > limits.max_bytes:
        raise ProtocolError(f"message carries more than {limits.max_bytes // 2**20} MiB")
    try:
        header = json.loads(data[8 : 8 + header_length])
    except (ValueError, RecursionError) as error:
        raise ProtocolError(f"message header is not valid JSON: {error}") from None
    if not isinstance(header, dict) or set(header) != {"v", "b"}:
        raise ProtocolError("message header lacks its value or buffer table")
    lengths = header["b"]
    if not isinstance(lengths, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in lengths
    ):
        raise ProtocolError("buffer table is malformed")
    body = memoryview(data)[8 + header_length :]
    if sum(lengths) != len(body):
        raise ProtocolError("buffer table does not match the message length")
    buffers, offset = [], 0
    for length in lengths:
        buffers.append(body[offset : offset + length])
        offset += length
    decoder = Decoder(buffers, limits, resolve, "worker" if place_on_device else None)
    try:
        return decoder.decode(header["v"])
    except RecursionError:
        raise ProtocolError("message is nested too deeply") from None


def no_handles(handle_id: int, type_name: str) -> Any:
    raise ProtocolError(f"unexpected handle {handle_id} in this message")
