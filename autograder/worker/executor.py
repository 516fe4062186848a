"""The student's side of the protocol: runs one submission's code on request.

An Executor holds exactly one submission's namespace and a table of objects that
stay here (handles). It takes a request message (bytes), runs it, and answers with
a reply message (bytes); it never raises, so a transport can serve it in a loop. It
holds no tests, no reference values and no verdicts: whatever student code does in
this process can only change the data its own calls return.
"""

from __future__ import annotations

import itertools
import time
import traceback
import warnings
from typing import assert_never

from autograder.boundary.messages import (
    Call,
    Failure,
    Fetch,
    GetAttr,
    GetItem,
    Has,
    Helper,
    Load,
    Release,
    Success,
    Vjp,
    WorkerRequest,
    parse_request,
)
from autograder.boundary.wire import (
    DEFAULT_LIMITS,
    HandleRef,
    Limits,
    ProtocolError,
    decode,
    encode,
)
from autograder.worker import helpers, operations
from autograder.worker.operations import LoadedCode, StudentFailure, safe_str
from autograder.worker.output import CappedOutput
from autograder.worker.timelimits import (
    CallTimeout,
    time_limit,
    timeout_message,
    wall_backstop,
)

__all__ = ["Executor", "StudentFailure", "safe_str"]

_MAX_WARNINGS = 20


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
        self.code: LoadedCode | None = None
        self.objects: dict[int, object] = {}
        self._ids = itertools.count(1)

    # -- handles ---------------------------------------------------------------
    def _store(self, value: object) -> int:
        handle = next(self._ids)
        self.objects[handle] = value
        return handle

    def _resolve(self, handle: int, type_name: str) -> object:
        if handle not in self.objects:
            raise ProtocolError(f"unknown or released handle {handle}")
        return self.objects[handle]

    # -- the loop body -----------------------------------------------------------
    def serve(self, message: bytes) -> bytes:
        """Answer one request message with one reply message. Never raises."""
        caught: list[str] = []
        started = time.perf_counter()
        try:
            request = parse_request(
                decode(message, limits=self.limits, resolve=self._resolve, place_on_device=True)
            )
            with warnings.catch_warnings(record=True) as recorded:
                warnings.simplefilter("always")
                module = self.code.module if self.code is not None else None
                serving = helpers.serving.set(module)
                try:
                    with (
                        self.output.capture(),
                        time_limit(self.call_timeout_s, self.wall_backstop_s),
                    ):
                        value, keep = self._dispatch(request)
                finally:  # a failing call's warnings and notes count too
                    helpers.serving.reset(serving)
                    caught = self._notes(recorded)
            reply = Success(
                HandleRef(self._store(value)) if keep else value,
                tuple(caught),
                time.perf_counter() - started,
            )
            try:
                return encode(reply.to_wire(), limits=self.limits, handle_of=self._store)
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

    def _error(self, kind: str, message: str, caught: list[str], **extra: str) -> bytes:
        failure = Failure(kind, message, tuple(caught), **extra)
        return encode(failure.to_wire(), limits=self.limits)

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
            cell = self.code.cells.get(frame.filename) if self.code is not None else None
            if cell is not None:
                where = f"{cell.place(frame.lineno or 0)}, in {frame.name}"
        return where

    # -- operations --------------------------------------------------------------
    def _loaded(self) -> LoadedCode:
        if self.code is None:
            raise ProtocolError("no submission is loaded")
        return self.code

    def _dispatch(self, request: WorkerRequest) -> tuple[object, bool]:
        """The request's value, and whether it stays here (a handle is sent instead)."""
        match request:
            case Load():
                self.code, summary = operations.load(request)
                return summary, False
            case Has():
                return operations.has(self._loaded(), request), False
            case Call():
                return operations.call(self.code, request)
            case GetAttr():
                return operations.get_attr(request)
            case GetItem():
                return operations.get_item(request)
            case Fetch():
                return request.target, False
            case Release():
                self.objects.pop(request.id, None)
                return None, False
            case Helper():
                return operations.helper(request), True
            case Vjp():
                return operations.vjp(self.code, request), False
            case _:
                assert_never(request)
