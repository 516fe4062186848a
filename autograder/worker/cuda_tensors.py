"""Which tensors are on the emulated CUDA device, and what each operator on them costs.

A ``TorchFunctionMode`` (the device's, emulated_cuda.py, installed for one call into the
submission): device tensors are CPU tensors it remembers (weakly, by identity) and
reports as ``cuda:0``; an operator with a device tensor among its inputs, or a factory
given ``device="cuda"``, makes device tensors and is launched on the device's queue;
one on CPU tensors costs the host's time at once. Views and metadata cost nothing; a
value read on the host (``.item()``, ``.cpu()``, printing) waits for the queue; mixing
devices in one operator, ``.numpy()`` of a device tensor and a second GPU fail as they do
on a machine with one GPU.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import torch
import torch.utils._pytree as pytree
from torch.overrides import TorchFunctionMode


class _Clock(Protocol):
    now: float
    s_per_mac: float
    op_s: float


class EmulatedCudaDevice(Protocol):
    """What the mode needs of the device (``emulated_cuda.EmulatedCudaDevice`` is one)."""

    on_device: Any  # a weak mapping of the tensors on the device
    host_reads: int
    host: _Clock
    s_per_mac: float
    op_s: float

    def launch(self, seconds: float) -> None: ...

    def drain(self) -> None: ...


_CONVOLUTIONS = {"conv1d", "conv2d", "conv3d"}
# No kernel runs for these: metadata, views, printing's pieces (a view of a device tensor
# is on the device, at no cost).
_FREE = {
    "__get__", "__set__", "__len__", "size", "dim", "numel", "stride", "storage_offset",
    "is_contiguous", "element_size", "data_ptr", "untyped_storage", "view", "view_as",
    "reshape", "reshape_as", "unsqueeze", "squeeze", "expand", "expand_as", "transpose",
    "permute", "t", "flatten", "unflatten", "narrow", "select", "detach", "__getitem__",
    "as_strided", "requires_grad_", "unbind", "split", "chunk", "movedim", "dim_order",
}  # fmt: skip
# These read values on the host: on a GPU they wait for the queued work first.
_HOST_READS = {
    "item", "tolist", "__float__", "__int__", "__bool__", "__index__", "__complex__",
    "__repr__", "__str__", "__format__", "__array__",
}  # fmt: skip
# An index or value on the CPU is fine here, as on a GPU.
_MIXED_OK = {"to", "cuda", "cpu", "copy_", "__getitem__", "__setitem__", "__get__", "__set__"}


def _accessor(attribute: str, kind: str) -> Any:
    """``torch.Tensor.<attribute>.__get__`` (or ``__set__``): what the mode is handed."""
    return getattr(getattr(torch.Tensor, attribute), kind)


_DEVICE_OF = _accessor("device", "__get__")
_IS_CUDA = _accessor("is_cuda", "__get__")
_IS_CPU = _accessor("is_cpu", "__get__")
_SET_DATA = _accessor("data", "__set__")


def _is_cuda(device: Any) -> bool:
    if isinstance(device, int) and not isinstance(device, bool):
        return True  # an int device is a CUDA ordinal in torch
    if isinstance(device, str | torch.device):
        return torch.device(device).type == "cuda"
    return False


def device_index(device: Any) -> int:
    """The ordinal of a CUDA device argument; only 0 exists, as on a one-GPU machine."""
    if device is None:
        return 0
    if isinstance(device, int) and not isinstance(device, bool):
        index: int | None = device
    elif isinstance(device, str | torch.device) and torch.device(device).type == "cuda":
        index = torch.device(device).index
    else:
        raise ValueError(f"Expected a cuda device, but got: {device!r}")
    if index not in (None, 0):
        raise RuntimeError(
            f"CUDA error: invalid device ordinal (the emulated machine has one GPU, cuda:0; "
            f"got {device!r})"
        )
    return 0


class DeviceMode(TorchFunctionMode):
    """Puts tensors on the emulated device and launches the operators on them."""

    def __init__(self, device: EmulatedCudaDevice) -> None:
        super().__init__()
        self.device = device

    def _on(self, tensor: torch.Tensor) -> bool:
        return tensor in self.device.on_device

    def _mark(self, result: Any, on: bool) -> None:
        for leaf in pytree.tree_leaves(result):
            if isinstance(leaf, torch.Tensor):
                if on:
                    self.device.on_device[leaf] = True
                elif leaf in self.device.on_device:
                    del self.device.on_device[leaf]

    def __torch_function__(
        self,
        func: Callable[..., Any],
        types: Any,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
    ) -> Any:
        kwargs = dict(kwargs or {})
        name = getattr(func, "__name__", "")
        tensors = [a for a in pytree.tree_leaves((args, kwargs)) if isinstance(a, torch.Tensor)]
        on = [t for t in tensors if self._on(t)]
        private = name.startswith("_") and not name.startswith("__")  # torch's own helpers
        if on and name not in _MIXED_OK and not private:
            off = [t for t in tensors if not self._on(t) and t.dim() > 0]
            if off:
                raise RuntimeError(
                    "Expected all tensors to be on the same device, but found at least two "
                    f"devices, cuda:0 and cpu! (in {name}, on the grader's emulated CUDA device)"
                )
        this = args[0] if args and isinstance(args[0], torch.Tensor) else None
        if this is not None and self._on(this):
            answer = self._device_attribute(func, this)
            if answer is not None:
                return answer[0]
        if name in ("to", "cuda", "cpu") and this is not None:
            return self._move(func, name, this, args[1:], kwargs)
        if func == _SET_DATA and len(args) == 2:  # module.to("cuda")
            self._mark(args[0], self._on(args[1]))
            return func(*args, **kwargs)
        target = kwargs.get("device")
        if target is not None and _is_cuda(target):
            device_index(target)
            kwargs["device"] = "cpu"
        result_on = bool(on) if target is None else _is_cuda(target)
        if on and name in _HOST_READS:
            self.device.host_reads += 1
            self.device.drain()
        if on and name == "numpy":
            raise TypeError(
                "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy "
                "the tensor to host memory first."
            )
        result = func(*args, **kwargs)
        if result_on:
            self._mark(result, True)
        runs_a_kernel = name not in _FREE and (
            name == "__setitem__"
            or any(isinstance(leaf, torch.Tensor) for leaf in pytree.tree_leaves(result))
        )
        if runs_a_kernel and (on or result_on):
            self.device.launch(self._cost(name, args, kwargs, result, self.device))
        elif runs_a_kernel:
            host = self.device.host
            host.now += self._cost(name, args, kwargs, result, host)
        return result

    @staticmethod
    def _cost(
        name: str, args: tuple[Any, ...], kwargs: dict[str, Any], result: Any, on: Any
    ) -> float:
        """A convolution's multiply-adds times ``on.s_per_mac``; any other ``on.op_s``."""
        weight = args[1] if len(args) > 1 else kwargs.get("weight")
        if name in _CONVOLUTIONS and isinstance(result, torch.Tensor):
            if isinstance(weight, torch.Tensor) and weight.dim() > 0:
                return float(result.numel() * weight[0].numel() * on.s_per_mac)
        return float(on.op_s)

    def _device_attribute(self, func: Callable[..., Any], this: torch.Tensor) -> tuple[Any] | None:
        """``.device``, ``.is_cuda``, ``.is_cpu``, ``.get_device()`` of a device tensor."""
        if func == _DEVICE_OF:
            return (torch.device("cuda", 0),)
        if func == _IS_CUDA:
            return (True,)
        if func == _IS_CPU:
            return (False,)
        if getattr(func, "__name__", "") == "get_device":
            return (0,)
        return None

    def _move(
        self,
        func: Callable[..., Any],
        name: str,
        this: torch.Tensor,
        rest: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        """``.to(...)``, ``.cuda()``, ``.cpu()``: a copy when the device changes."""
        rest = tuple(rest)
        if name == "cuda":
            target: bool | None = True
            device_index(rest[0] if rest else kwargs.get("device"))
            call: Callable[..., Any] = lambda: this  # noqa: E731
        elif name == "cpu":
            target = False
            call = lambda: this  # noqa: E731
        else:
            target = None
            new_rest: list[Any] = []
            for arg in rest:
                if isinstance(arg, torch.Tensor):  # .to(other): its device and dtype
                    target = self._on(arg)
                    new_rest.append(arg.dtype)
                elif isinstance(arg, str | torch.device) or (
                    isinstance(arg, int) and not isinstance(arg, bool)
                ):
                    target = _is_cuda(arg)
                    if target:
                        device_index(arg)
                    new_rest.append(torch.device("cpu"))
                else:
                    new_rest.append(arg)
            if kwargs.get("device") is not None:
                target = _is_cuda(kwargs["device"])
                if target:
                    device_index(kwargs["device"])
                kwargs["device"] = "cpu"
            rest = tuple(new_rest)
            call = lambda: func(this, *rest, **kwargs)  # noqa: E731
        was_on = self._on(this)
        if was_on and target is False:
            self.device.host_reads += 1
            self.device.drain()
        result = call()
        moved = target is not None and target != was_on
        if moved and result is this:
            result = this.clone()  # a copy to the other device, as on a GPU
        on = was_on if target is None else target
        if moved or on:
            self._mark(result, on)
        if moved and on:
            self.device.launch(self.device.op_s)  # the copy to the device
        return result
