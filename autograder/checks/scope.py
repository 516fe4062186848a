"""Which library object a name in student code refers to, read from the source alone.

The static "no library call" scan asks of every reference inside a function: is this
a library object, and which one? A name is followed through the module's imports
(``import torch.nn.functional as G``, ``from torch.nn.functional import conv2d as c``,
``from torch.nn.functional import *``), its top-level aliases (``conv = F.conv2d``),
the function's own imports and aliases, and spelled-out lookups (``getattr(F,
"conv2d")``, ``F.__dict__["conv2d"]``, ``vars(F)["conv2d"]``, ``__import__("torch")``,
``importlib.import_module("torch.nn.functional")``) to a dotted path such as
``torch.nn.functional.conv2d``. A name the submission binds itself (its own function,
class, parameter or local value) resolves to nothing: it is the student's code.

Standard library only: this runs in the trusted process on text it never executes.
Every walk here is linear in the size of the tree.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable, Iterator

LIBRARY_ROOTS = frozenset({"torch", "functorch"})
# How deep an expression is followed: a library path is a few names long, and student
# code may chain thousands (x.f().f()...), which must cost neither recursion nor time.
_MAX_DEPTH = 24

# name -> dotted path it is bound to, or None: bound by the submission itself.
Bindings = dict[str, str | None]


def is_library(path: str | None) -> bool:
    """``path`` names an object of a library whose operations an exercise may forbid."""
    return path is not None and path.split(".", 1)[0] in LIBRARY_ROOTS


class Scope:
    """The names visible inside one function: its locals over the module's names."""

    def __init__(self, module: Bindings, stars: tuple[str, ...], local: Bindings | None = None):
        self.module, self.stars = module, stars
        self.local = {} if local is None else local

    def lookup(self, name: str) -> str | None:
        if name in self.local:
            return self.local[name]
        if name in self.module:
            return self.module[name]
        # A name bound nowhere is a builtin, or may come from ``from torch... import *``;
        # else it is a NameError at run time: not a library object.
        if self.stars and not hasattr(builtins, name):
            return f"{self.stars[0]}.{name}"
        return None

    def resolve(self, node: ast.AST, depth: int = 0) -> str | None:
        """The dotted path ``node`` evaluates to, where the source alone tells; else None
        (also for an expression nested deeper than ``_MAX_DEPTH``)."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value, depth + 1)
            return f"{base}.{node.attr}" if base is not None else None
        if isinstance(node, ast.Call):
            return self._resolve_call(node, depth + 1)
        if isinstance(node, ast.Subscript):
            key = _string(node.slice)
            if key is None:
                return None
            value = node.value
            if isinstance(value, ast.Attribute) and value.attr == "__dict__":
                base = self.resolve(value.value, depth + 1)
            elif self._is_builtin_call(value, "vars", 1):
                assert isinstance(value, ast.Call)
                base = self.resolve(value.args[0], depth + 1)
            else:
                return None
            return f"{base}.{key}" if base is not None else None
        return None

    def _is_builtin_call(self, node: ast.AST, name: str, least: int) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == name
            and self.lookup(name) is None
            and len(node.args) >= least
        )

    def _resolve_call(self, node: ast.Call, depth: int) -> str | None:
        if self._is_builtin_call(node, "getattr", 2):
            key = _string(node.args[1])
            base = self.resolve(node.args[0], depth)
            return f"{base}.{key}" if base is not None and key is not None else None
        if self._is_builtin_call(node, "__import__", 1):
            module = _string(node.args[0])
            if module is None:
                return None
            fromlist = len(node.args) >= 4 or any(k.arg == "fromlist" for k in node.keywords)
            return module if fromlist else module.split(".", 1)[0]
        if self.resolve(node.func, depth) == "importlib.import_module" and node.args:
            return _string(node.args[0])
        return None

    def attribute_of_unknown(self, node: ast.AST) -> str | None:
        """For ``value.name`` or ``getattr(value, "name")`` where the source cannot tell
        what ``value`` is (``loss``, ``self``, ``layer``): ``name``; else None."""
        if isinstance(node, ast.Attribute):
            receiver, name = node.value, node.attr
        elif self._is_builtin_call(node, "getattr", 2):
            assert isinstance(node, ast.Call)
            receiver, key = node.args[0], _string(node.args[1])
            if key is None:
                return None
            name = key
        else:
            return None
        return name if self.resolve(receiver) is None else None


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _bind_import(node: ast.Import | ast.ImportFrom, bindings: Bindings, stars: list[str]) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                bindings[alias.asname] = alias.name
            else:
                head = alias.name.split(".", 1)[0]
                bindings[head] = head
        return
    for alias in node.names:
        if node.level or not node.module:  # relative: the student's own files
            if alias.name != "*":
                bindings[alias.asname or alias.name] = None
        elif alias.name == "*":
            stars.append(node.module)
        else:
            bindings[alias.asname or alias.name] = f"{node.module}.{alias.name}"


def _target_names(target: ast.AST) -> Iterator[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id


def _top_level(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements in source order, into ``if``/``try``/``with``/loops, not
    into definitions."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody", "handlers"):
            inner = getattr(statement, field, None)
            if isinstance(inner, list):
                for item in inner:
                    if isinstance(item, ast.ExceptHandler):
                        yield from _top_level(item.body)
                    elif isinstance(item, ast.stmt):
                        yield from _top_level([item])


def module_scope(tree: ast.Module) -> Scope:
    """The module's names, each bound as the last top-level statement binding it says."""
    bindings: Bindings = {}
    stars: list[str] = []
    scope = Scope(bindings, ())
    for statement in _top_level(tree.body):
        if isinstance(statement, ast.Import | ast.ImportFrom):
            _bind_import(statement, bindings, stars)
            scope.stars = tuple(s for s in stars if is_library(s))
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bindings[statement.name] = None
        elif isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            path = scope.resolve(statement.value)
            for target in targets:
                for name in _target_names(target):
                    bindings[name] = path if isinstance(target, ast.Name) else None
        elif isinstance(statement, ast.AugAssign | ast.For | ast.AsyncFor):
            for name in _target_names(statement.target):
                bindings[name] = None
    return scope


def function_scope(function: ast.FunctionDef | ast.AsyncFunctionDef, module: Scope) -> Scope:
    """``module`` seen from inside ``function``: its parameters and every name it binds
    shadow the module's; a local bound to a library object (``G = torch.nn.functional``)
    stays one, whatever else the name is bound to."""
    local: Bindings = {}
    declared_global: set[str] = set()
    scope = Scope(module.module, module.stars, local)
    libraries: list[tuple[str, ast.AST | str]] = []
    for node in ast.walk(function):
        if isinstance(node, ast.arg):
            local[node.arg] = None
        elif isinstance(node, ast.Global | ast.Nonlocal):
            declared_global.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            local[node.id] = None
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node is not function:
                local[node.name] = None
        elif isinstance(node, ast.ExceptHandler) and node.name:
            local[node.name] = None
        elif isinstance(node, ast.Import | ast.ImportFrom):
            found: Bindings = {}
            stars: list[str] = []
            _bind_import(node, found, stars)
            for name, path in found.items():
                local.setdefault(name, None)
                if path is not None:
                    libraries.append((name, path))
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and node.value:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            libraries += [(t.id, node.value) for t in targets if isinstance(t, ast.Name)]
    for name in declared_global:
        local.pop(name, None)
    for _ in range(3):  # aliases of aliases: G = torch.nn; H = G.functional
        for name, value in libraries:
            path = value if isinstance(value, str) else scope.resolve(value)
            if name not in declared_global and is_library(path):
                local[name] = path
    return scope


def defined_names(tree: ast.Module) -> frozenset[str]:
    """Every function, method and class name the submission defines anywhere, and the
    attributes it assigns (``self.backward = ...``, ``backward = staticmethod(f)`` in a
    class): a call ``value.name()`` on an unknown value may be any of these."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if isinstance(statement, ast.Assign | ast.AnnAssign):
                        targets = (
                            statement.targets
                            if isinstance(statement, ast.Assign)
                            else [statement.target]
                        )
                        names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
        ):
            key = _string(node.args[1])
            if key is not None:
                names.add(key)
    return frozenset(names)
