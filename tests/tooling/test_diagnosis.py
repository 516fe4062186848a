"""Diagnosis: a reference that computes in float32 for float64 inputs (and hands back
float64, so only the rounding differs) is told about precision by every check it fails,
never given a hint about an unrelated mistake (issue 14: "the weight layout is ...",
"the '- 1' is missing" for a 1e-7 difference)."""

from __future__ import annotations

import ast

import pytest
import torch

from autograder.boundary.submission import StudentCodeError
from autograder.checks import CheckFailure, expect_device_kept
from autograder.course.model import CoursePaths
from autograder.course.verify import run_checks

from .conftest import ROOT

PATHS = CoursePaths(ROOT)
COURSE = PATHS.load()
TENSOR_EXERCISES = [i for i in COURSE.exercise_ids if i not in ("gpu_timing", "unit_quiz")]

FLOAT32_INSIDE = """

# %% the same code, run in float32 and cast back
import torch as _torch


def _in_float32(function):
    def narrow(value):
        if isinstance(value, _torch.Tensor) and value.dtype == _torch.float64:
            return value.to(_torch.float32)
        return value

    def widen(value):
        if isinstance(value, _torch.Tensor) and value.dtype == _torch.float32:
            return value.to(_torch.float64)
        if isinstance(value, tuple | list):
            return type(value)(widen(v) for v in value)
        if isinstance(value, dict):
            return {k: widen(v) for k, v in value.items()}
        return value

    def wrapped(*args, **kwargs):
        values = (*args, *kwargs.values())
        if any(isinstance(v, _torch.nn.Module) for v in values):
            return function(*args, **kwargs)  # a layer's float64 weights: leave it be
        wide = any(isinstance(v, _torch.Tensor) and v.dtype == _torch.float64 for v in values)
        result = function(*map(narrow, args), **{k: narrow(v) for k, v in kwargs.items()})
        return widen(result) if wide else result

    return wrapped

"""


def float32_inside(exercise_id: str) -> str:
    """The reference, each public function wrapped to compute in float32."""
    source = PATHS.solution(exercise_id).read_text(encoding="utf-8")
    functions = [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]
    rebind = "".join(f"{name} = _in_float32({name})\n" for name in functions)
    return source + FLOAT32_INSIDE + rebind


@pytest.mark.parametrize("exercise_id", TENSOR_EXERCISES)
def test_float32_rounding_is_named_as_precision_never_with_a_hint(exercise_id, tmp_path):
    impl = tmp_path / f"{exercise_id}.py"
    impl.write_text(float32_inside(exercise_id), encoding="utf-8")
    run = run_checks(PATHS, [exercise_id], impl=impl, seed=2026)
    failed = [c for c in run.checks if not c.passed]
    # A hint may only name the dtype (the float32 layer, accumulator, ...), nothing else.
    misled = [
        f"{c.id.split('::')[-1]}: {c.message}"
        for c in failed
        if "Likely mistake" in c.message
        and not any(w in c.message.split("Likely mistake", 1)[1] for w in ("dtype", "float"))
    ]
    assert not misled, "\n".join(misled)
    for check in failed:
        assert any(w in check.message for w in ("float32", "dtype", "precision")), (
            f"{check.id}: {check.message}"
        )


def _raising(message: str):
    def call(*args, **kwargs):
        raise StudentCodeError(message, kind="exception", function="f", remote_type="X")

    return call


@pytest.mark.parametrize(
    ("outcome", "verdict"),
    [
        ("Cannot copy out of meta tensor; no data!", "fail"),  # torch.zeros(shape) on the CPU
        ("Tensor on device meta is not on the expected device cpu!", "fail"),
        ("Tensor.item() cannot be called on meta tensors", "abstain"),  # needs the values
        ("f is not implemented yet: it raises NotImplementedError", "fail"),  # the stub
        (torch.zeros(2, 2), "fail"),  # a result on the CPU
        ((torch.empty(2, device="meta"), torch.zeros(2)), "fail"),  # one of two on the CPU
        ({"a": torch.empty(2, device="meta")}, "pass"),
    ],
)
def test_the_device_check_judges_only_what_meta_can_tell(outcome, verdict):
    call = _raising(outcome) if isinstance(outcome, str) else (lambda: outcome)
    if verdict == "fail":
        with pytest.raises(CheckFailure):
            expect_device_kept(call, what="f output")
    else:
        result = expect_device_kept(call, what="f output")
        assert (result is None) == (verdict == "abstain")
