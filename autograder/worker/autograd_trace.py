"""Which autograd entry points a traced call enters: the dynamic guard's autograd half.

Autograd has no ATen operator of its own (its backward formulas dispatch ordinary
operators), so the dispatch recorder cannot tell a hand-written gradient from
``loss.backward()``. For the duration of one traced call, ``AutogradRecorder`` wraps
the public entry points (``torch.autograd.backward``, which ``Tensor.backward`` calls;
``torch.autograd.grad``; ``torch.autograd.functional``; the ``torch.func`` transforms)
and the autograd engine itself, which also catches an entry point the student bound
before the call (``from torch.autograd import grad``, a ``torch.func.grad(f)`` made at
import). Each call is counted under a name such as ``autograd.backward`` in the trace's
ops mapping, next to the ATen operators; the trusted side's ``autograd`` family forbids
these names (``autograder.checks.forbidden.AUTOGRAD_ENTRY_POINTS``, kept equal to
``ENTRY_POINT_NAMES`` by a test). Everything is put back when the call ends, however it
ends. Forward-mode transforms made before the call (``torch.func.jvp``/``jacfwd``) use no
engine and are not seen; the static scan and the values checks remain.

Runs inside the sandbox: imports torch and the standard library only.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from types import TracebackType
from typing import Any

from torch.autograd.variable import Variable

_ENTRY_POINTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("autograd", "torch.autograd", ("backward", "grad")),
    (
        "autograd.functional",
        "torch.autograd.functional",
        ("vjp", "jvp", "jacobian", "hessian", "vhp", "hvp"),
    ),
    (
        "func",
        "torch.func",
        ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "linearize"),
    ),
)
ENGINE = "autograd.engine"
ENTRY_POINT_NAMES = frozenset(
    {f"{prefix}.{name}" for prefix, _, names in _ENTRY_POINTS for name in names} | {ENGINE}
)


class _CountingEngine:
    """Stands in for autograd's engine: counts each backward pass, forwards everything."""

    def __init__(self, engine: Any, count: Callable[[], None]) -> None:
        self._engine, self._count = engine, count

    def run_backward(self, *args: Any, **kwargs: Any) -> Any:
        self._count()
        return self._engine.run_backward(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


class AutogradRecorder:
    """``with AutogradRecorder(ops): call()`` adds to ``ops`` how often ``call`` entered
    each autograd entry point."""

    def __init__(self, ops: dict[str, int]) -> None:
        self.ops = ops
        self._undo: list[tuple[Any, str, Any]] = []

    def _count(self, name: str) -> None:
        self.ops[name] = self.ops.get(name, 0) + 1

    def _wrap(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(original)
        def counted(*args: Any, **kwargs: Any) -> Any:
            self._count(name)
            return original(*args, **kwargs)

        return counted

    def _replace(self, owner: Any, attribute: str, value: Any) -> None:
        self._undo.append((owner, attribute, getattr(owner, attribute)))
        setattr(owner, attribute, value)

    def __enter__(self) -> AutogradRecorder:
        try:
            for prefix, module_name, names in _ENTRY_POINTS:
                module = importlib.import_module(module_name)
                for name in names:
                    original = getattr(module, name, None)
                    if callable(original):
                        self._replace(module, name, self._wrap(f"{prefix}.{name}", original))
            engine = _CountingEngine(Variable._execution_engine, lambda: self._count(ENGINE))
            self._replace(Variable, "_execution_engine", engine)
        except BaseException:
            self._restore()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._restore()

    def _restore(self) -> None:
        while self._undo:
            owner, attribute, original = self._undo.pop()
            setattr(owner, attribute, original)
