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
from dataclasses import dataclass
from typing import Any

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
_DTYPE_NAMES = {dtype: name for name, dtype in DTYPES.items()}


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
            if value not in _DTYPE_NAMES:
                raise ProtocolError(f"dtype {value} is not supported")
            return {"dtype": _DTYPE_NAMES[value]}
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
        if tensor.dtype not in _DTYPE_NAMES:
            raise ProtocolError(f"tensor dtype {tensor.dtype} is not supported")
        node: dict[str, Any] = {
            "dtype": _DTYPE_NAMES[tensor.dtype],
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


class _Decoder:
    def __init__(
        self,
        buffers: list[memoryview],
        limits: Limits,
        resolve: Callable[[int, str], Any],
        device: str | None,
    ) -> None:
        self.buffers = buffers
        self.used: set[int] = set()
        self.limits = limits
        self.resolve = resolve
        self.device = device
        self.nodes = 0

    def decode(self, node: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes or depth > self.limits.max_depth:
            raise ProtocolError("message is too large or too deeply nested")
        if isinstance(node, str) and len(node) > self.limits.max_string:
            raise ProtocolError(f"string longer than {self.limits.max_string} characters")
        if node is None or isinstance(node, bool | int | float | str):
            return node
        if isinstance(node, list):
            return [self.decode(item, depth + 1) for item in node]
        if not isinstance(node, dict):
            raise ProtocolError(f"unexpected node of type {type(node).__name__}")
        if "T" in node:
            return self._tensor(node)
        if node.get("meta") is True:
            return self._meta_tensor(node)
        if set(node) == {"t"} and isinstance(node["t"], list):
            return tuple(self.decode(item, depth + 1) for item in node["t"])
        if set(node) == {"s"} and isinstance(node["s"], list):
            try:
                return frozenset(self.decode(item, depth + 1) for item in node["s"])
            except TypeError:
                raise ProtocolError("a set holds an unhashable value") from None
        if set(node) == {"d"} and isinstance(node["d"], list):
            result: dict[Any, Any] = {}
            for pair in node["d"]:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise ProtocolError("malformed dict entry")
                key = pair[0]
                if not isinstance(key, str | int) or isinstance(key, bool):
                    raise ProtocolError("dict key is not a str or int")
                result[key] = self.decode(pair[1], depth + 1)
            return result
        if "H" in node and set(node) <= {"H", "type"} and isinstance(node["H"], int):
            type_name = node.get("type", "object")
            return self.resolve(node["H"], type_name if isinstance(type_name, str) else "object")
        if set(node) == {"F"} and node["F"] in ("nan", "inf", "-inf"):
            return float(node["F"])
        if set(node) == {"dtype"} and node["dtype"] in DTYPES:
            return DTYPES[node["dtype"]]
        if set(node) == {"device"} and isinstance(node["device"], str):
            return torch.device(node["device"])
        raise ProtocolError(f"unknown node with keys {sorted(node)[:5]}")

    def _meta_tensor(self, node: dict[str, Any]) -> torch.Tensor:
        """A tensor on the meta device: shape and dtype, no data (so no size limit)."""
        dtype_name, shape = node.get("dtype"), node.get("shape")
        if dtype_name not in DTYPES:
            raise ProtocolError(f"unsupported tensor dtype {dtype_name!r}")
        if not isinstance(shape, list) or len(shape) > 16:
            raise ProtocolError("tensor shape is not a short list")
        if not all(
            isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 2**40 for n in shape
        ):
            raise ProtocolError("tensor shape has a non-integer, negative or huge size")
        tensor = torch.empty(shape, dtype=DTYPES[dtype_name], device="meta")
        if node.get("requires_grad") is True and self.device is not None:
            tensor.requires_grad_(DTYPES[dtype_name].is_floating_point)
        return tensor

    def _tensor(self, node: dict[str, Any]) -> torch.Tensor:
        index, dtype_name, shape = node.get("T"), node.get("dtype"), node.get("shape")
        if not isinstance(index, int) or not 0 <= index < len(self.buffers) or index in self.used:
            raise ProtocolError("tensor refers to a missing or reused buffer")
        self.used.add(index)
        if dtype_name not in DTYPES:
            raise ProtocolError(f"unsupported tensor dtype {dtype_name!r}")
        if not isinstance(shape, list) or len(shape) > 16:
            raise ProtocolError("tensor shape is not a short list")
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
            raise ProtocolError("tensor shape has a non-integer or negative size")
        dtype = DTYPES[dtype_name]
        numel = math.prod(shape)
        itemsize = torch.empty((), dtype=dtype).element_size()
        buffer = self.buffers[index]
        if numel * itemsize != len(buffer):
            raise ProtocolError(
                f"tensor of shape {tuple(shape)} and dtype {dtype_name} needs "
                f"{numel * itemsize} bytes, got {len(buffer)}"
            )
        transposed = node.get("layout") == "transposed"
        if transposed and len(shape) < 2:
            raise ProtocolError("transposed layout needs at least two dimensions")
        wire_shape = list(shape)
        if transposed:
            wire_shape[-1], wire_shape[-2] = wire_shape[-2], wire_shape[-1]
        if numel == 0:
            tensor = torch.empty(wire_shape, dtype=dtype)
        else:
            tensor = torch.frombuffer(bytearray(buffer), dtype=dtype).reshape(wire_shape)
        if transposed:
            tensor = tensor.transpose(-1, -2)
        if self.device is not None:
            # The worker places tensors where the sender had them (a CUDA check).
            wanted = node.get("device", "cpu")
            if isinstance(wanted, str) and wanted != "cpu":
                tensor = tensor.to(wanted)
        if (
            node.get("requires_grad") is True
            and self.device is not None
            and dtype.is_floating_point
        ):
            tensor.requires_grad_(True)
        return tensor


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
    decoder = _Decoder(buffers, limits, resolve, "worker" if place_on_device else None)
    try:
        return decoder.decode(header["v"])
    except RecursionError:
        raise ProtocolError("message is nested too deeply") from None


def no_handles(handle_id: int, type_name: str) -> Any:
    raise ProtocolError(f"unexpected handle {handle_id} in this message")
