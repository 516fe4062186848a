"""The student's side of the protocol: runs one submission's code on request.

An Executor holds exactly one submission's namespace and a table of objects that
stay here (handles). It takes a request message (bytes), runs it, and answers with
a reply message (bytes); it never raises, so a transport can serve it in a loop. It
holds no tests, no reference values and no verdicts: whatever student code does in
this process can only change the data its own calls return.
"""

from __future__ import annotations

import itertools
import sys
import time
import traceback
import types
import warnings
from collections.abc import Callable
from typing import Any

import torch
from torch.utils._python_dispatch import TorchDispatchMode

from autograder.boundary.loader import Cell
from autograder.boundary.wire import (
    DEFAULT_LIMITS,
    HandleRef,
    Limits,
    ProtocolError,
    decode,
    encode,
)
from autograder.worker import helpers
from autograder.worker.autograd_trace import AutogradRecorder
from autograder.worker.helpers import HELPERS
from autograder.worker.output import CappedOutput
from autograder.worker.timelimits import (
    CallTimeout,
    time_limit,
    timeout_message,
    wall_backstop,
)

_MAX_MESSAGE = 2000
_MAX_WARNINGS = 20
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


class Executor:
    """Serves protocol requests against one loaded submission."""

    def __init__(
        self,
        *,
        call_timeout_s: float | None = None,
        limits: Limits = DEFAULT_LIMITS,
        memory_mb: int | None = None,
        wall_backstop_s: float | None = None,
        output_kb: int | None = None,
    ):
        # call_timeout_s is CPU time; the wall backstop defaults to a multiple of it.
        self.call_timeout_s = call_timeout_s
        self.wall_backstop_s = wall_backstop_s
        if wall_backstop_s is None and call_timeout_s is not None:
            self.wall_backstop_s = wall_backstop(call_timeout_s)
        self.memory_mb = memory_mb
        self.output = CappedOutput(None if output_kb is None else output_kb * 1024)
        self.limits = limits
        self.module: types.ModuleType | None = None
        self.path: str | None = None
        self.cells: dict[str, Cell] = {}  # code name (compile's filename) -> its cell
        self.objects: dict[int, Any] = {}
        self._ids = itertools.count(1)

    # -- handles ---------------------------------------------------------------
    def _store(self, value: Any) -> int:
        handle = next(self._ids)
        self.objects[handle] = value
        return handle

    def _resolve(self, handle: int, type_name: str) -> Any:
        if handle not in self.objects:
            raise ProtocolError(f"unknown or released handle {handle}")
        return self.objects[handle]

    # -- the loop body -----------------------------------------------------------
    def serve(self, message: bytes) -> bytes:
        """Answer one request message with one reply message. Never raises."""
        caught: list[str] = []
        started = time.perf_counter()
        try:
            request = decode(
                message, limits=self.limits, resolve=self._resolve, place_on_device=True
            )
            if not isinstance(request, dict) or not isinstance(request.get("op"), str):
                raise ProtocolError("a request is a dict with an 'op'")
            handler = getattr(self, f"_op_{request['op']}", None)
            if handler is None:
                raise ProtocolError(f"unknown operation {request['op']!r}")
            with warnings.catch_warnings(record=True) as recorded:
                warnings.simplefilter("always")
                serving = helpers.serving.set(self.module)
                try:
                    with (
                        self.output.capture(),
                        time_limit(self.call_timeout_s, self.wall_backstop_s),
                    ):
                        value, keep = handler(request)
                finally:  # a failing call's warnings and notes count too
                    helpers.serving.reset(serving)
                    caught = self._notes(recorded)
            reply: dict[str, Any] = {
                "ok": True,
                "value": HandleRef(self._store(value)) if keep else value,
                "warnings": caught,
                "seconds": time.perf_counter() - started,
            }
            try:
                return encode(reply, limits=self.limits, handle_of=self._store)
            except ProtocolError as error:
                return self._error("unsendable", f"the value cannot be sent back: {error}", caught)
        except ProtocolError as error:
            return self._error("protocol", safe_str(error), caught)
        except CallTimeout as stopped:
            stop = timeout_message(
                stopped.clock, self.call_timeout_s or 0.0, self.wall_backstop_s or 0.0
            )
            return self._error("timeout", stop, caught, clock=stopped.clock)
        except StudentFailure as failure:
            return self._error(failure.kind, safe_str(failure), caught)
        except BaseException as error:  # noqa: BLE001 - student code may raise anything
            return self._exception(error, caught)

    def _notes(self, recorded: list[warnings.WarningMessage]) -> list[str]:
        """The call's warnings, and the note that its output was cut (which no warning
        filter of the student's can hide)."""
        notes = [safe_str(f"{w.category.__name__}: {w.message}", 300) for w in recorded]
        cut = self.output.take_note()
        return ([cut] if cut else []) + notes[:_MAX_WARNINGS]

    def _error(self, kind: str, message: str, caught: list[str], **extra: Any) -> bytes:
        body = {"kind": kind, "message": message, **extra}
        return encode({"ok": False, "error": body, "warnings": caught}, limits=self.limits)

    def _exception(self, error: BaseException, caught: list[str]) -> bytes:
        if isinstance(error, SystemExit):
            return self._error(
                "exit", f"the code called sys.exit({safe_str(error.code, 80)})", caught
            )
        if isinstance(error, KeyboardInterrupt):
            raise error
        if isinstance(error, MemoryError) or "can't allocate memory" in safe_str(error, 400):
            limit = f" (the limit is {self.memory_mb} MiB)" if self.memory_mb else ""
            return self._error(
                "memory", f"the code ran out of memory{limit}", caught, where=self._where(error)
            )
        return self._error(
            "exception",
            safe_str(error),
            caught,
            type=type(error).__name__[:100],
            where=self._where(error),
        )

    def _where(self, error: BaseException) -> str:
        """The innermost frame of the student's own code, as the student finds it:
        'line N, in f' in a .py file, 'cell 6 (In [3]) line N, in f' in a notebook."""
        where = ""
        for frame in traceback.extract_tb(error.__traceback__):
            cell = self.cells.get(frame.filename)
            if cell is not None:
                where = f"{cell.place(frame.lineno or 0)}, in {frame.name}"
        return where

    # -- operations --------------------------------------------------------------
    def _op_load(self, request: dict[str, Any]) -> tuple[Any, bool]:
        # The trusted side reads the file and sends its code cells: the worker never
        # needs to see the file system, and in the sandbox it cannot.
        path = str(request["filename"])
        cells = [
            Cell(int(c["index"]), str(c["source"]), int(c["first_line"]), str(c.get("label", "")))
            for c in request["cells"]
        ]
        name = f"_submission_{request.get('exercise', 'x')}_{next(_module_counter)}"
        module = types.ModuleType(name)
        module.__file__ = path
        sys.modules[name] = module
        self.module, self.path = module, path
        errors = []
        self.cells = {}
        for cell in cells:
            # Pad so that line numbers in tracebacks are the file's own; a notebook's
            # cells each get a code name of their own, so a traceback names the cell.
            source = "\n" * (cell.first_line - 1) + cell.source
            filename = f"{path} [{cell.label}]" if cell.label else path
            self.cells[filename] = cell
            try:
                exec(compile(source, filename, "exec"), module.__dict__)  # noqa: S102 - the point
            except CallTimeout:
                raise
            except SyntaxError as error:
                errors.append(
                    {
                        "cell": cell.index,
                        "where": cell.place(error.lineno or 0),
                        "line": error.lineno or 0,
                        "type": "SyntaxError",
                        "message": safe_str(error.msg, 300),
                    }
                )
            except BaseException as error:  # noqa: BLE001
                frames = [
                    f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename
                ]
                line = (frames[-1].lineno or 0) if frames else 0
                errors.append(
                    {
                        "cell": cell.index,
                        "where": cell.place(line),
                        "line": line,
                        "type": type(error).__name__[:100],
                        "message": safe_str(error, 300),
                    }
                )
        defined = sorted(
            key
            for key, value in vars(module).items()
            if not key.startswith("_") and callable(value)
        )
        return {"cells": len(cells), "errors": errors, "defined": defined}, False

    def _namespace(self) -> types.ModuleType:
        if self.module is None:
            raise ProtocolError("no submission is loaded")
        return self.module

    def _target(self, target: Any) -> Callable[..., Any]:
        if isinstance(target, str):
            value = getattr(self._namespace(), target, None)
            if value is None:
                raise StudentFailure("missing", f"{target} is not defined")
            target_value: Any = value
        else:
            target_value = target
        if not callable(target_value):
            raise StudentFailure("not_callable", f"{type(target_value).__name__} is not callable")
        return target_value  # type: ignore[no-any-return]

    def _op_has(self, request: dict[str, Any]) -> tuple[Any, bool]:
        value = getattr(self._namespace(), str(request["name"]), None)
        kind = (
            "missing"
            if value is None
            else (
                "class" if isinstance(value, type) else "callable" if callable(value) else "value"
            )
        )
        return kind, False

    def _op_call(self, request: dict[str, Any]) -> tuple[Any, bool]:
        function = self._target(request["target"])
        args, kwargs = request.get("args", ()), request.get("kwargs", {})
        if request.get("trace"):
            # ATen operators, and the autograd entry points (``autograd.backward``) in the
            # same mapping: autograd has no operator of its own.
            recorder = _OpRecorder()
            with recorder, AutogradRecorder(recorder.ops):
                value = function(*args, **kwargs)
            return {"value": value, "ops": recorder.ops}, False
        return function(*args, **kwargs), bool(request.get("keep"))

    def _op_getattr(self, request: dict[str, Any]) -> tuple[Any, bool]:
        name = str(request["name"])
        if name.startswith("__"):
            raise ProtocolError("dunder attributes cannot be read through a handle")
        try:
            return getattr(request["target"], name), bool(request.get("keep"))
        except AttributeError:
            raise StudentFailure(
                "missing", f"{type(request['target']).__name__} has no attribute {name!r}"
            ) from None

    def _op_getitem(self, request: dict[str, Any]) -> tuple[Any, bool]:
        return request["target"][request["key"]], bool(request.get("keep"))

    def _op_fetch(self, request: dict[str, Any]) -> tuple[Any, bool]:
        return request["target"], False

    def _op_release(self, request: dict[str, Any]) -> tuple[Any, bool]:
        self.objects.pop(int(request["id"]), None)
        return None, False

    def _op_helper(self, request: dict[str, Any]) -> tuple[Any, bool]:
        factory = HELPERS.get(str(request["name"]))
        if factory is None:
            raise ProtocolError(f"no grader helper named {request['name']!r}")
        return factory(*request.get("args", ()), **request.get("kwargs", {})), True

    def _op_vjp(self, request: dict[str, Any]) -> tuple[Any, bool]:
        function = self._target(request["target"])
        args = list(request.get("args", ()))
        inputs = []
        for index in request.get("wrt", ()):
            if not (isinstance(args[index], torch.Tensor) and args[index].is_floating_point()):
                raise ProtocolError(f"argument {index} is not a floating-point tensor")
            args[index] = args[index].detach().clone().requires_grad_(True)
            inputs.append(args[index])
        owner = request.get("params_of")
        params = list(owner.named_parameters()) if owner is not None else []
        output = function(*args, **request.get("kwargs", {}))
        cotangent = request["cotangent"]
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
            "param_grads": {
                name: g for (name, _), g in zip(params, grads[len(inputs) :], strict=True)
            },
        }, False
