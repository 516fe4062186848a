"""Library operations an exercise may forbid, and how each is recognised.

Each family is found two ways: statically, in the student's source (in the trusted
process, which reads the text and never runs it), by the library objects its references
resolve to (``autograder.checks.scope``), never by a name the submission defines itself; and
dynamically, by the ATen operators a call dispatches to and the autograd entry points it
calls (both recorded inside the student's worker). Neither is proof against a determined
student (see README, "What the guards do not stop"); together they catch every honest
shortcut.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

from autograder.checks.bounded_parse import MAX_PARSED_CHARS
from autograder.checks.bounded_parse import parse_student_code as parse_student_code
from autograder.checks.scope import defined_names, function_scope, is_library, module_scope
from autograder.course.families import AUTOGRAD_ENTRY_POINTS as AUTOGRAD_ENTRY_POINTS
from autograder.course.families import FAMILIES as FAMILIES
from autograder.course.families import OpFamily as OpFamily


@dataclass(frozen=True)
class ForbiddenUse:
    """One reference to a forbidden library object found in the source, with its line."""

    function: str
    name: str
    line: int
    family: str
    path: str = ""  # the library object, where the scan resolved it: torch.nn.functional.conv2d

    def describe(self) -> str:
        family = FAMILIES[self.family].description
        used = self.path or f".{self.name}()"
        return f"{self.function}() uses {used} at line {self.line} ({family})"


def _library_match(path: str, family: OpFamily) -> bool:
    """``path`` (a library object) belongs to ``family``: its name is one of the family's,
    and a name that is also a tensor method (``unfold``, ``grad``) is not reached through
    ``torch.Tensor`` (the view ``X.unfold`` is not the im2col ``F.unfold``)."""
    parent, _, name = path.rpartition(".")
    return name in family.names or (name in family.qualified_names and parent != "torch.Tensor")


def scan_function(source: str, function: str, families: list[str]) -> list[ForbiddenUse]:
    """References to forbidden library objects inside ``def function`` (every definition
    of it, methods too) in ``source``.

    A reference is reported when it resolves, through the module's imports and aliases
    (``autograder.checks.scope``), to a library object of a forbidden family, however it is
    spelled: ``F.conv2d``, ``torch.nn.functional.conv2d``, ``c`` after ``from
    torch.nn.functional import conv2d as c``, ``getattr(F, "conv2d")``. A name the
    submission defines itself (its own ``im2col``, a method ``backward``) is the
    student's code and is never reported. A method of a value the scan cannot type
    (``loss.backward()``) is reported only when no function, method or class of the
    submission has that name; otherwise the scan cannot tell and says nothing (the
    dynamic guard decides). A source that does not parse yields no findings: the syntax
    error is reported by the loader, on the tests that need the code.
    """
    return list(_scan(source, function, tuple(families)))


@functools.lru_cache(maxsize=256)
def _scan(source: str, function: str, families: tuple[str, ...]) -> tuple[ForbiddenUse, ...]:
    # Cached: a grading run scans the same submission text once per check.
    tree = parse_student_code(source, function=function)
    if tree is None:
        return ()
    module = module_scope(tree)
    own = defined_names(tree) | _defined_in_text(source)
    chosen = [FAMILIES[name] for name in families]
    uses: list[ForbiddenUse] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name != function:
            continue
        scope = function_scope(node, module)
        for sub in ast.walk(node):
            line = getattr(sub, "lineno", node.lineno)
            paths = _imported_paths(sub) if isinstance(sub, ast.ImportFrom) else []
            if isinstance(sub, ast.Name | ast.Attribute | ast.Call | ast.Subscript):
                paths.append(scope.resolve(sub))
            for path in paths:
                if is_library(path):
                    assert path is not None
                    name = path.rpartition(".")[2]
                    uses += [
                        ForbiddenUse(function, name, line, family.name, path)
                        for family in chosen
                        if _library_match(path, family)
                    ]
            method = scope.attribute_of_unknown(sub)
            if method is not None and method not in own:
                uses += [
                    ForbiddenUse(function, method, line, family.name)
                    for family in chosen
                    if method in family.names
                ]
    return tuple(uses)


def _imported_paths(node: ast.ImportFrom) -> list[str | None]:
    """``from torch.nn.functional import conv2d`` inside the function imports a forbidden
    object even if the name is never used."""
    if node.level or not node.module:
        return []
    return [f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*"]


def _defined_in_text(source: str) -> frozenset[str]:
    """The family names a large source defines as functions, methods or classes (the cut
    source lost its methods): a line scan, linear and cheap. Empty for a small source,
    whose tree holds them all."""
    if len(source) <= MAX_PARSED_CHARS:
        return frozenset()
    every = {n for f in FAMILIES.values() for n in f.names | f.qualified_names}
    found: set[str] = set()
    for line in source.splitlines():
        words = line.lstrip().removeprefix("async ").split("(", 1)[0].split(":", 1)[0].split()
        if len(words) == 2 and words[0] in ("def", "class") and words[1] in every:
            found.add(words[1])
    return frozenset(found)


def forbidden_aten_ops(families: list[str]) -> frozenset[str]:
    """The ATen operator names (without overload) that the given families forbid."""
    ops: set[str] = set()
    for family_name in families:
        ops |= FAMILIES[family_name].aten_ops
    return frozenset(ops)
