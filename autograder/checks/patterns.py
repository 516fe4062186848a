"""Checks that many exercises make the same way: gradients against the library's, and
inputs left as the caller gave them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch

from autograder.boundary.submission import VJP, Handle, StudentCodeError, Submission
from autograder.checks.assertions import _where, expect_close, fail
from autograder.checks.data import randn

# Why a gradient comes back as None, and what keeps it.
GRAPH_CUT = (
    "keep the computation in torch operations on the inputs (.item(), .tolist(), numpy "
    "or torch.tensor(...) of values cut the computation graph)"
)

# What modifying an input in place usually is.
IN_PLACE = (
    "the function modified its input in place (an in-place op such as mul_, +=, "
    "unsqueeze_, or writing into an input); work on new tensors"
)


def expect_gradients_match(
    impl: Submission,
    function: str,
    args: Sequence[Any],
    reference: Callable[..., torch.Tensor],
    *,
    wrt: Mapping[str, int],
    grad_output: torch.Tensor | torch.Generator,
    kwargs: Mapping[str, Any] | None = None,
    what: str | None = None,
    config: Mapping[str, Any] | None = None,
    diagnose: Callable[[Any], str] | None = None,
    hint: str = "the forward values are wrong",
    graph_cut: str = GRAPH_CUT,
    rule: str = "",
    dtype: torch.dtype | None = None,
) -> VJP:
    """The student's ``function(*args, **kwargs)`` has the gradients of ``reference``
    (computed here, in the trusted process) w.r.t. the arguments ``wrt`` names
    (``{"X": 0, "K": 1}``: a name for messages -> a position in ``args``).

    ``reference`` takes ``args`` with those arguments replaced by leaves that require
    grad (and ``kwargs``); ``grad_output`` is the cotangent, or the generator to draw a
    standard-normal one of the reference output's shape from. A gradient that does not
    flow fails with ``graph_cut``; one that differs fails with ``diagnose(output)`` (the
    student's forward output), or ``hint`` where that says nothing. ``rule`` (``stays
    differentiable``) is what a call that raises or cuts the graph breaks. Returns the
    student's VJP."""
    label = what or function
    broken = f"{label}{_where(config)} {rule}, but" if rule else f"{label}{_where(config)}:"
    extra = dict(kwargs or {})
    leaves = list(args)
    for index in wrt.values():
        leaves[index] = args[index].detach().clone().requires_grad_()
    expected = reference(*leaves, **extra)
    if isinstance(grad_output, torch.Generator):
        grad_output = randn(grad_output, *expected.shape, dtype=expected.dtype)
    want = torch.autograd.grad(expected, [leaves[i] for i in wrt.values()], grad_output)
    try:
        got = impl.function(function).vjp(
            *args, grad_output=grad_output, wrt=tuple(wrt.values()), **extra
        )
    except StudentCodeError as error:
        fail(f"{broken} {error}")
    found = (diagnose(got.output) if diagnose is not None else "") or hint
    for name, mine, theirs in zip(wrt, got.grads, want, strict=True):
        if mine is None:
            fail(f"{broken} no gradient flows to {name}; {graph_cut}")
        expect_close(
            mine,
            theirs,
            what=f"gradient of {label} w.r.t. {name}",
            config=config,
            dtype=dtype,
            hint=found,
        )
    return got


def expect_inputs_unchanged(
    impl: Submission,
    function: str | Callable[..., object],
    args: Sequence[Any],
    *,
    inputs: Mapping[str, int],
    what: str | None = None,
    config: Mapping[str, Any] | None = None,
    hint: str = IN_PLACE,
) -> None:
    """After the student's ``function(*args)`` (a name, or a callable that makes one or
    more calls with the arguments it is given), the arguments ``inputs`` names (a name
    for messages -> a position in ``args``) still hold the values the caller gave.

    Those arguments are stored in the worker (``impl.helper("stored", ...)``) so the
    call gets the worker's own tensors, the ones it could modify, and are fetched back
    afterwards. ``what`` says what was called (by default the function's name)."""
    if isinstance(function, str):
        label = what or function
        call: Callable[..., object] = impl.function(function)
    else:
        if what is None:
            raise TypeError("expect_inputs_unchanged: name what= was called (a callable's calls)")
        label, call = what, function
    passed = list(args)
    stored: dict[str, Handle] = {}
    for name, index in inputs.items():
        stored[name] = passed[index] = impl.helper("stored", args[index])
    call(*passed)
    for name, index in inputs.items():
        expect_close(
            stored[name].fetch(),
            args[index],
            what=f"{name} after calling {label}",
            config=config,
            hint=hint,
            shape_hint=hint,
        )
