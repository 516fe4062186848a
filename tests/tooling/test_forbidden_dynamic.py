"""The dynamic half of the autograd rule: the worker records the autograd entry points a
traced call enters, so a `.backward()` the static scan cannot judge is still caught."""

from __future__ import annotations

import importlib

import pytest
import torch

from autograder.checks import CheckFailure, expect_no_library_ops
from autograder.checks.forbidden import AUTOGRAD_ENTRY_POINTS, scan_function
from autograder.worker.autograd_trace import ENTRY_POINT_NAMES, AutogradRecorder

torch.set_num_threads(1)

# A hand-written layer, as CS231n teaches; `backward` is the student's own method.
LAYER = """
import torch

class Scale:
    def __init__(self, k):
        self.k = k

    def forward(self, x):
        self.x = x
        return self.k * x

    def backward(self, dout):
        return self.k * dout


def by_hand(x, dout):
    layer = Scale(3.0)
    layer.forward(x)
    return layer.backward(dout)
"""

# The same layer whose backward asks autograd for the gradient.
AUTOGRAD_INSIDE = """
import torch

class Scale:
    def __init__(self, k):
        self.k = k

    def backward(self, x, dout):
        x = x.detach().requires_grad_(True)
        with torch.enable_grad():
            return torch.autograd.grad(self.k * x, x, dout)[0]


def by_autograd(x, dout):
    return Scale(3.0).backward(x, dout)


def by_tensor_backward(x, dout):
    x = x.detach().requires_grad_(True)
    with torch.enable_grad():
        (3.0 * x).backward(dout)
    return x.grad
"""

# Entry points bound before the traced call: only the engine sees them.
BOUND_EARLY = """
import torch
from torch.autograd import grad as g

dsin = torch.func.grad(lambda t: torch.sin(t).sum())


def by_bound_grad(x, dout):
    x = x.detach().requires_grad_(True)
    with torch.enable_grad():
        return g(3.0 * x, x, dout)[0]


def by_early_transform(x, dout):
    with torch.enable_grad():
        return dsin(x) * dout
"""


def _args() -> tuple[torch.Tensor, torch.Tensor]:
    return torch.arange(4.0, dtype=torch.float64), torch.ones(4, dtype=torch.float64)


def test_a_hand_written_backward_method_passes_both_guards(load) -> None:
    impl = load(LAYER)
    assert scan_function(LAYER, "by_hand", ["autograd"]) == []
    x, dout = _args()
    value = expect_no_library_ops(impl, "by_hand", x, dout, families=["autograd"])
    assert torch.equal(value, 3.0 * dout)
    assert not set(impl.function("by_hand").trace(x, dout).ops) & AUTOGRAD_ENTRY_POINTS


@pytest.mark.parametrize(
    ("function", "entry"),
    [("by_autograd", "autograd.grad"), ("by_tensor_backward", "autograd.backward")],
)
def test_autograd_behind_an_own_backward_method_is_caught_dynamically(
    load, function: str, entry: str
) -> None:
    impl = load(AUTOGRAD_INSIDE)
    # The static scan abstains: the submission defines a method `backward` of its own, so
    # `layer.backward(...)` and `(3.0 * x).backward(...)` may be that method.
    assert scan_function(AUTOGRAD_INSIDE, function, ["autograd"]) == []
    x, dout = _args()
    ops = impl.function(function).trace(x, dout).ops
    assert ops[entry] == 1 and ops["autograd.engine"] == 1
    with pytest.raises(CheckFailure, match=f"autograd ran inside it, it called .*{entry}"):
        expect_no_library_ops(impl, function, x, dout, families=["autograd"])


@pytest.mark.parametrize("function", ["by_bound_grad", "by_early_transform"])
def test_entry_points_bound_before_the_call_are_seen_by_the_engine(load, function: str) -> None:
    impl = load(BOUND_EARLY)
    x, dout = _args()
    assert impl.function(function).trace(x, dout).ops.get("autograd.engine", 0) >= 1
    # (the static scan also sees `g`, an alias of torch.autograd.grad; not `dsin`)
    with pytest.raises(CheckFailure, match="must not call automatic differentiation"):
        expect_no_library_ops(impl, function, x, dout, families=["autograd"])


def test_the_library_is_put_back_after_the_call_even_when_it_fails() -> None:
    originals = {name: getattr(torch.autograd, name) for name in ("backward", "grad")}
    engine = torch.autograd.variable.Variable._execution_engine
    ops: dict[str, int] = {}
    with pytest.raises(RuntimeError), AutogradRecorder(ops):
        assert torch.autograd.grad is not originals["grad"]
        torch.autograd.grad(torch.ones(1), torch.ones(1))  # no graph: RuntimeError
    assert ops["autograd.grad"] == 1
    assert {name: getattr(torch.autograd, name) for name in originals} == originals
    assert torch.autograd.variable.Variable._execution_engine is engine


def test_the_worker_records_what_the_autograd_family_forbids() -> None:
    assert ENTRY_POINT_NAMES == AUTOGRAD_ENTRY_POINTS
    for name in ENTRY_POINT_NAMES - {"autograd.engine"}:  # each one exists in this torch
        module, _, attribute = f"torch.{name}".rpartition(".")
        assert callable(getattr(importlib.import_module(module), attribute)), name
