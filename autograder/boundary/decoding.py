"""Decoding a message's value tree: every node's type, size and buffer checked before
anything is built (``autograder.boundary.wire.decode`` is the entry point)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from autograder.boundary.wiretypes import DTYPES, Limits, ProtocolError


class Decoder:
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
