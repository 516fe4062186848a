"""Guards on how a function computes: no forbidden library operation (static scan and
traced operators), how many matrix products a call made, where its Python loops are."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from autograder.boundary.submission import Submission
from autograder.checks.assertions import fail
from autograder.checks.forbidden import (
    FAMILIES,
    forbidden_aten_ops,
    parse_student_code,
    scan_function,
)

_MATMUL_OPS = frozenset({"mm", "bmm", "addmm", "baddbmm", "matmul", "addbmm", "dot", "mv"})


def expect_no_library_ops(
    impl: Submission,
    function: str,
    *args: Any,
    families: list[str],
    **kwargs: Any,
) -> Any:
    """``function`` uses none of the forbidden families: a static scan of its source
    (trusted side) and the operators one call dispatches to (worker side)."""
    if impl.path is not None:
        from autograder.boundary.loader import source_text

        uses = scan_function(source_text(impl.path), function, families)
        if uses:
            fail(
                f"{function} must not call "
                + ", ".join(FAMILIES[f].description for f in families)
                + f": {uses[0].describe()}. Write the computation yourself."
            )
    traced = impl.function(function).trace(*args, **kwargs)
    used = sorted(set(traced.ops) & forbidden_aten_ops(families))
    if used:
        ran = set(used) & FAMILIES["autograd"].aten_ops  # entry points, not operators
        fail(
            f"{function} must not call "
            + ", ".join(FAMILIES[f].description for f in families)
            + (": autograd ran inside it, it called" if ran else ": it dispatched to")
            + f" {', '.join(used)}. Write the computation yourself."
        )
    return traced.value


def count_matmuls(ops: Mapping[str, int]) -> int:
    """How many matrix products a traced call made."""
    return sum(count for name, count in ops.items() if name in _MATMUL_OPS)


def python_loops(source: str, function: str) -> list[int]:
    """Lines of ``for``/``while`` loops and comprehensions inside ``def function``."""
    # Bounded: deep, huge or odd code is None, not an error.
    tree = parse_student_code(source, function=function)
    if tree is None:
        return []
    lines: list[int] = []
    loop_types = (ast.For, ast.While, ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            lines += [sub.lineno for sub in ast.walk(node) if isinstance(sub, loop_types)]
    return sorted(lines)
