"""A sample student's own code in place of the reference: an alternative's function
bodies put into the answer cells of the functions they define (a student who writes
their own version has no reference code left), its other code typed below.

Only a function whose parameters are the stub's, and only an alternative that runs no
top-level statement but imports and definitions (``_reference_answers = answers``
needs the reference above it), is put in place; the rest stays typed below, where it
overrides the reference as ``autograder verify`` composes it.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field

__all__ = ["OwnCode", "enclosing_def", "own_code"]


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = node.args
    names = [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
    return names + [f"*{p.arg}" for p in (a.vararg, a.kwarg) if p is not None]


@dataclass
class OwnCode:
    """An alternative, split: function name -> (parameters, body), and the rest."""

    text: str
    bodies: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # bodies put in place

    def body(self, name: str, params: list[str], indent: str) -> str | None:
        """The body of ``name`` indented by ``indent``, if it fits the stub's def."""
        found = self.bodies.get(name)
        if found is None or found[0] != params:
            return None
        self.used.add(name)
        return textwrap.indent(found[1], indent)

    def rest(self) -> str:
        """The code not put in place (imports, helpers, functions that did not fit)."""
        tree = ast.parse(self.text)
        lines = self.text.splitlines()
        drop: set[int] = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in self.used:
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                drop |= set(range(first - 1, node.end_lineno or node.lineno))
        kept = "\n".join(line for at, line in enumerate(lines) if at not in drop)
        return kept.strip("\n") + "\n" if kept.strip() else ""


def own_code(text: str) -> OwnCode:
    """``text`` split for putting in place (nothing put in place if it runs other
    top-level statements or does not parse)."""
    own = OwnCode(text)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return own
    allowed = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    if not all(isinstance(node, allowed) for node in tree.body):
        return own
    lines = text.splitlines()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.body[0].lineno > node.lineno:
            body = "\n".join(lines[node.body[0].lineno - 1 : node.end_lineno])
            own.bodies[node.name] = (_params(node), textwrap.dedent(body) + "\n")
    return own


def enclosing_def(source: str, line: int) -> tuple[str, list[str]] | None:
    """The innermost function of ``source`` whose body holds ``line`` (1-based), with
    its parameters; None if none does or ``source`` does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found: tuple[int, str, list[str]] | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.lineno < line <= (node.end_lineno or 0):
                if found is None or node.lineno > found[0]:
                    found = (node.lineno, node.name, _params(node))
    return None if found is None else (found[1], found[2])
