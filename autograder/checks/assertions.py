"""The assertions of a check: each failure message names what was checked, the
configuration (shapes, stride, padding, seed) and, where it can tell, the likely mistake.
Messages of hidden checks never show expected values (``show_expected=False``, the
default) nor check source."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import torch

from autograder.boundary.submission import StudentCodeError


class CheckFailure(AssertionError):
    """A check failed; the message is written for the student."""


def fail(message: str) -> NoReturn:
    raise CheckFailure(message)


def describe(config: Mapping[str, Any]) -> str:
    """``{"X": (3, 4), "stride": 2}`` -> ``X (3, 4), stride 2``."""
    parts = []
    for key, value in config.items():
        if isinstance(value, torch.Tensor):
            value = f"{tuple(value.shape)} {str(value.dtype).removeprefix('torch.')}"
        parts.append(f"{key} {value}")
    return ", ".join(parts)


def _where(config: Mapping[str, Any] | None) -> str:
    return f" [{describe(config)}]" if config else ""


def _hint(hint: str) -> str:
    return f" Likely mistake: {hint}" if hint else ""


def _type_of(value: Any) -> str:
    return getattr(value, "type_name", None) or type(value).__name__


def expect_tensor(
    value: Any,
    *,
    what: str,
    shape: tuple[int, ...] | torch.Size | None = None,
    dtype: torch.dtype | None = None,
    device: torch.device | str | None = None,
    config: Mapping[str, Any] | None = None,
    shape_hint: str = "",
    dtype_hint: str = "",
) -> torch.Tensor:
    """``value`` is a tensor with the given shape, dtype and device, judged in that
    order (the first difference is the one reported)."""
    if not isinstance(value, torch.Tensor):
        fail(f"{what}{_where(config)}: expected a torch.Tensor, got a {_type_of(value)}.")
    assert isinstance(value, torch.Tensor)
    if shape is not None and tuple(value.shape) != tuple(shape):
        fail(
            f"{what}{_where(config)}: output shape {tuple(value.shape)}, expected "
            f"{tuple(shape)}.{_hint(shape_hint)}"
        )
    if dtype is not None and value.dtype != dtype:
        fail(
            f"{what}{_where(config)}: dtype {value.dtype}, expected {dtype} (results keep "
            f"the input's dtype).{_hint(dtype_hint)}"
        )
    if device is not None and value.device != torch.device(device):
        fail(
            f"{what}{_where(config)}: the result is on device {value.device}, expected "
            f"{torch.device(device)} (results stay on the input's device: allocate with "
            "device=X.device)."
        )
    return value


def expect_float(
    value: Any,
    *,
    what: str,
    config: Mapping[str, Any] | None = None,
    shape: tuple[int, ...] | torch.Size | None = None,
    shape_hint: str = "",
    hint: str = "",
    kind: str = "dtype",
) -> torch.Tensor:
    """``value`` is a floating-point tensor (of ``shape``, where given): an integer or
    bool tensor fails with ``expected a floating-point {kind}``."""
    tensor = expect_tensor(value, what=what, shape=shape, config=config, shape_hint=shape_hint)
    if not tensor.dtype.is_floating_point:
        fail(
            f"{what}{_where(config)}: dtype {tensor.dtype}, expected a floating-point {kind}."
            f"{_hint(hint)}"
        )
    return tensor


# Differences up to this fraction of the values' scale are float32 rounding, not logic.
FLOAT32_SCALE = 2e-5


def expect_close(
    actual: Any,
    expected: torch.Tensor,
    *,
    what: str,
    config: Mapping[str, Any] | None = None,
    hint: str = "",
    shape_hint: str = "",
    dtype: torch.dtype | None = None,
    device: torch.device | str | None = None,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    scale: float | None = None,
    show_expected: bool = False,
) -> None:
    """``actual`` has ``expected``'s shape (then ``dtype`` and ``device`` where given)
    and values (compared in float64), judged in that order.

    When the values differ by no more than float32 rounding (``FLOAT32_SCALE`` of
    ``scale``, by default the largest expected magnitude) while the tolerance is
    tighter, the message names precision, not ``hint``: a float64 computation that
    went through float32 somewhere is not a logic mistake."""
    tensor = expect_tensor(
        actual,
        what=what,
        shape=expected.shape,
        dtype=dtype,
        device=device,
        config=config,
        shape_hint=shape_hint,
    )
    got, want = tensor.detach().to(torch.float64), expected.detach().to(torch.float64)
    if got.numel() == 0:
        return
    difference = (got - want).abs()
    bad = ~(difference <= atol + rtol * want.abs())
    bad |= got.isnan() != want.isnan()
    if not bool(bad.any()):
        return
    worst = int(torch.nan_to_num(difference, nan=float("inf")).argmax())
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(worst), want.shape))
    largest = float(difference.flatten()[worst])
    message = (
        f"{what}{_where(config)}: {int(bad.sum())} of {want.numel()} values are wrong "
        f"(largest difference {largest:.3g} at index {index})."
    )
    if show_expected:
        message += f"\n  got:      {tensor.tolist()}\n  expected: {expected.tolist()}"
    if _is_rounding(largest, want, scale=scale, rtol=rtol):
        fail(
            message + " The differences are the size of float32 rounding: part of the "
            "computation ran in float32 for float64 inputs (an accumulator made with "
            "torch.zeros(shape) without dtype=, a float32 tensor or constant mixed in). "
            "Keep the inputs' dtype throughout."
        )
    fail(message + _hint(hint))


def _is_rounding(largest: float, want: torch.Tensor, *, scale: float | None, rtol: float) -> bool:
    """Is a largest difference of ``largest`` the size of float32 rounding, for a check
    whose tolerance is tighter than that?"""
    if rtol >= FLOAT32_SCALE or not want.isfinite().all():
        return False
    magnitude = scale if scale is not None else float(want.abs().max())
    return 0 < largest <= FLOAT32_SCALE * max(magnitude, 1e-12)


# What torch says when a computation mixes the input's device with another one.
_MIXED_DEVICES = (
    "expected device",
    "same device",
    "two devices",
    "different device",
    "copy out of meta tensor",
)


def expect_device_kept(
    call: Callable[..., Any],
    *args: Any,
    what: str,
    config: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """``call(*args, **kwargs)`` gives the student's function inputs on the ``meta`` device (shapes
    and dtypes, no data); every tensor it returns must be on ``meta`` too. A failure
    that mixes devices is the mistake; code that needs the values themselves
    (``.item()``, a branch on data: torch's error names meta) cannot run on meta and
    is not judged (None); any other failure fails the check."""
    try:
        result = call(*args, **kwargs)
    except StudentCodeError as error:
        if any(words in str(error).lower() for words in _MIXED_DEVICES):
            fail(
                f"{what}{_where(config)}: results must stay on the input's device, but with "
                f"inputs on another device (meta: shapes, no data) {error}. Likely mistake: a "
                "tensor made without device= (torch.zeros(shape) is always on the CPU); "
                "allocate with device=X.device, or X.new_zeros(shape)."
            )
        if "meta" in str(error).lower():
            return None  # needs the values (torch says so, naming meta): not judged here
        fail(f"{what}{_where(config)}: {error}")  # not written yet, missing, or broken
    if isinstance(result, dict):
        parts = list(result.values())
    else:
        parts = list(result) if isinstance(result, tuple | list) else [result]
    for tensor in parts:
        if isinstance(tensor, torch.Tensor):
            expect_tensor(tensor, what=what, device="meta", config=config)
    return result


def expect_equal(
    actual: Any,
    expected: Any,
    *,
    what: str,
    config: Mapping[str, Any] | None = None,
    hint: str = "",
    show_expected: bool = False,
) -> None:
    """Plain equality for numbers, strings and tuples."""
    if actual != expected:
        shown = f"got {actual!r}, expected {expected!r}" if show_expected else f"got {actual!r}"
        fail(f"{what}{_where(config)}: {shown}.{_hint(hint)}")


def expect_raises(
    call: Callable[[], Any],
    error: type[BaseException],
    *,
    what: str,
    config: Mapping[str, Any] | None = None,
    hint: str = "",
) -> None:
    """``call()`` raises ``error`` (in the student's code)."""
    try:
        result = call()
    except StudentCodeError as raised:
        if isinstance(raised, error):
            return
        fail(f"{what}{_where(config)}: expected {error.__name__}, but {raised}.{_hint(hint)}")
    else:
        shown = (
            f"a tensor of shape {tuple(result.shape)}"
            if isinstance(result, torch.Tensor)
            else f"a {_type_of(result)}"
        )
        fail(
            f"{what}{_where(config)}: expected {error.__name__}, but it returned {shown}."
            f"{_hint(hint)}"
        )
