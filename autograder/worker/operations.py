"""What each request does in the worker, next to the student's code.

One function per operation of :mod:`autograder.boundary.messages`; the executor
dispatches to them by message type and turns what they raise into failure replies.
Student objects are of unknown type (``Any``): the operations only call, index and
read them, as the request asks.
"""

from __future__ import annotations

import itertools
import sys
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
from torch.utils._python_dispatch import TorchDispatchMode

from autograder.boundary.loader import Cell
from autograder.boundary.messages import Call, GetAttr, GetItem, Has, Helper, Load, Vjp
from autograder.boundary.wire import ProtocolError
from autograder.worker.autograd_trace import AutogradRecorder
from autograder.worker.helpers import HELPERS
from autograder.worker.timelimits import CallTimeout

_MAX_MESSAGE = 2000
_module_counter = itertools.count(1)


class StudentFailure(Exception):
    """A failure of the student's code that is not an exception it raised itself."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def safe_str(value: object, limit: int = _MAX_MESSAGE) -> str:
    """str() that survives hostile ``__str__`` methods and huge texts."""
    try:
        text = str(value)
    except BaseException:  # noqa: BLE001 - student-defined __str__ may do anything
        text = f"<{type(value).__name__} with an unprintable message>"
    return text if len(text) <= limit else text[:limit] + " ...[cut]"


class _OpRecorder(TorchDispatchMode):  # type: ignore[no-untyped-call]
    """Records the ATen operators a call dispatches to (the dynamic library guard)."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.ops: dict[str, int] = {}

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):  # type: ignore[no-untyped-def]
        name = func.overloadpacket.__name__
        self.ops[name] = self.ops.get(name, 0) + 1
        return func(*args, **(kwargs or {}))


@dataclass
class LoadedCode:
    """One submission's module, and its cells by code name (compile's filename)."""

    module: types.ModuleType
    path: str
    cells: dict[str, Cell] = field(default_factory=dict)


def _load_error(cell: Cell, line: int, kind: str, message: str) -> dict[str, object]:
    return {"cell": cell.index, "where": cell.place(line), "line": line, "type": kind,
            "message": message}  # fmt: skip


def load(request: Load) -> tuple[LoadedCode, dict[str, object]]:
    """Run the cells in a fresh module; errors are recorded, not raised."""
    # The trusted side reads the file and sends its code cells: the worker never
    # needs to see the file system, and in the sandbox it cannot.
    name = f"_submission_{request.exercise}_{next(_module_counter)}"
    module = types.ModuleType(name)
    module.__file__ = request.filename
    sys.modules[name] = module
    code = LoadedCode(module, request.filename)
    errors = []
    for cell in request.cells:
        # Pad so that line numbers in tracebacks are the file's own; a notebook's
        # cells each get a code name of their own, so a traceback names the cell.
        source = "\n" * (cell.first_line - 1) + cell.source
        filename = f"{code.path} [{cell.label}]" if cell.label else code.path
        code.cells[filename] = cell
        try:
            exec(compile(source, filename, "exec"), module.__dict__)  # noqa: S102 - the point
        except CallTimeout:
            raise
        except SyntaxError as error:
            line = error.lineno or 0
            errors.append(_load_error(cell, line, "SyntaxError", safe_str(error.msg, 300)))
        except BaseException as error:  # noqa: BLE001
            frames = [
                f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename
            ]
            line = (frames[-1].lineno or 0) if frames else 0
            errors.append(_load_error(cell, line, type(error).__name__[:100], safe_str(error, 300)))
    defined = sorted(
        key for key, value in vars(module).items() if not key.startswith("_") and callable(value)
    )
    return code, {"cells": len(request.cells), "errors": errors, "defined": defined}


def _target(code: LoadedCode | None, target: object) -> Callable[..., Any]:
    value: object = target
    if isinstance(target, str):
        if code is None:
            raise ProtocolError("no submission is loaded")
        value = getattr(code.module, target, None)
        if value is None:
            raise StudentFailure("missing", f"{target} is not defined")
    if not callable(value):
        raise StudentFailure("not_callable", f"{type(value).__name__} is not callable")
    return value


def has(code: LoadedCode, request: Has) -> str:
    value = getattr(code.module, request.name, None)
    if value is None:
        return "missing"
    return "class" if isinstance(value, type) else "callable" if callable(value) else "value"


def call(code: LoadedCode | None, request: Call) -> tuple[object, bool]:
    function = _target(code, request.target)
    if request.trace:
        # ATen operators, and the autograd entry points (``autograd.backward``) in the
        # same mapping: autograd has no operator of its own.
        recorder = _OpRecorder()
        with recorder, AutogradRecorder(recorder.ops):
            value = function(*request.args, **request.kwargs)
        return {"value": value, "ops": recorder.ops}, False
    return function(*request.args, **request.kwargs), request.keep


def get_attr(request: GetAttr) -> tuple[object, bool]:
    if request.name.startswith("__"):
        raise ProtocolError("dunder attributes cannot be read through a handle")
    try:
        return getattr(request.target, request.name), request.keep
    except AttributeError:
        raise StudentFailure(
            "missing", f"{type(request.target).__name__} has no attribute {request.name!r}"
        ) from None


def get_item(request: GetItem) -> tuple[object, bool]:
    target: Any = request.target  # a student object: whatever it indexes with
    return target[request.key], request.keep


def helper(request: Helper) -> object:
    factory = HELPERS.get(request.name)
    if factory is None:
        raise ProtocolError(f"no grader helper named {request.name!r}")
    return factory(*request.args, **request.kwargs)


def vjp(code: LoadedCode | None, request: Vjp) -> dict[str, object]:
    function = _target(code, request.target)
    cotangent = request.cotangent
    if not isinstance(cotangent, torch.Tensor):
        raise ProtocolError("vjp: the cotangent is not a tensor")
    args = list(request.args)
    inputs = []
    for index in request.wrt:
        argument = args[index]
        if not (isinstance(argument, torch.Tensor) and argument.is_floating_point()):
            raise ProtocolError(f"argument {index} is not a floating-point tensor")
        args[index] = leaf = argument.detach().clone().requires_grad_(True)
        inputs.append(leaf)
    owner: Any = request.params_of  # a student module, or None
    params: list[tuple[str, torch.Tensor]] = (
        list(owner.named_parameters()) if owner is not None else []
    )
    output = function(*args, **request.kwargs)
    if not isinstance(output, torch.Tensor):
        raise StudentFailure("type", f"returned a {type(output).__name__}, not a tensor")
    if output.shape != cotangent.shape:
        raise StudentFailure(
            "shape",
            f"returned shape {tuple(output.shape)}, expected {tuple(cotangent.shape)}",
        )
    if not output.requires_grad:
        raise StudentFailure(
            "no_grad",
            "the result does not require grad: the computation graph was cut (look for "
            ".item(), .detach(), .numpy(), torch.tensor([...]) built from elements, or a "
            "result allocated with requires_grad=False and filled by value)",
        )
    grads = torch.autograd.grad(
        output,
        inputs + [p for _, p in params],
        grad_outputs=cotangent.to(device=output.device, dtype=output.dtype),
        allow_unused=True,
    )
    return {
        "output": output.detach(),
        "grads": list(grads[: len(inputs)]),
        "param_grads": {name: g for (name, _), g in zip(params, grads[len(inputs) :], strict=True)},
    }
