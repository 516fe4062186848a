"""The import closure of a set of Python files: which modules of a package they need.

The student bundle ships the part of the ``autograder`` package that its files (the
public checks, the stubs, the notebooks, the pytest plugin, the self-check, the quiz
modules) import, directly or through each other. It is computed statically (``ast``):
every ``import`` and ``from ... import`` anywhere in a file counts, also one inside a
function (a lazy import is still needed when that function runs), except those under
``if TYPE_CHECKING:``, which never run. Imports of other top-level modules are recorded
as third-party names (the standard library's are left out), so the bundle can check
that its requirements install them.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


class ClosureError(RuntimeError):
    """A file could not be parsed, or imports a module the package does not have."""


@dataclass(frozen=True)
class Closure:
    """``modules``: dotted name -> file, every package module needed (the packages that
    hold them included); ``third_party``: top-level names of the other imports."""

    modules: dict[str, Path]
    third_party: frozenset[str]

    def relative_files(self, package_dir: Path) -> list[Path]:
        """The needed files, relative to the folder that holds the package."""
        return sorted(path.relative_to(package_dir.parent) for path in self.modules.values())


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import under ``node``, skipping ``if TYPE_CHECKING:`` bodies."""
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        for statement in node.orelse:
            yield from _import_nodes(statement)
        return
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    for child in ast.iter_child_nodes(node):
        yield from _import_nodes(child)


def imported_names(source: str, *, module: str | None = None) -> tuple[set[str], set[str]]:
    """The dotted names a source imports, as (modules, maybe): ``import a.b`` and ``from
    a.b import c`` need the module ``a.b``; ``c`` may be a submodule ``a.b.c`` or a name
    defined in ``a.b``, so ``a.b.c`` is a maybe. Relative imports are resolved against
    ``module`` (the source's own dotted name; a package's ends in ``__init__``)."""
    modules: set[str] = set()
    maybe: set[str] = set()
    for node in _import_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            if module is None:
                raise ClosureError("a relative import outside a package")
            parts = module.split(".")[: -node.level]
            base = ".".join([*parts, base] if base else parts)
        modules.add(base)
        maybe.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return modules, maybe


def _module_file(package_dir: Path, name: str) -> Path | None:
    """The file of ``name`` (``package.sub.mod``) inside ``package_dir``, if any."""
    parts = name.split(".")[1:]
    folder = package_dir.joinpath(*parts)
    if (folder / "__init__.py").is_file():
        return folder / "__init__.py"
    file = folder.with_suffix(".py") if parts else None
    return file if file is not None and file.is_file() else None


def _dotted(package_dir: Path, file: Path) -> str:
    parts = file.relative_to(package_dir.parent).with_suffix("").parts
    return ".".join(parts)


def import_closure(
    sources: Iterable[tuple[str, str]], *, package_dir: Path, roots: Iterable[str] = ()
) -> Closure:
    """The package modules that ``sources`` ((where, Python text) pairs, e.g. a test file
    or a notebook cell) and the ``roots`` (dotted names in the package) need.

    Raises ClosureError naming the place when a source does not parse or imports a
    module of the package that does not exist (``from autograder.missing import x``).
    """
    package = package_dir.name
    modules: dict[str, Path] = {}
    third_party: set[str] = set()
    pending: list[tuple[str, str]] = [(f"root {root}", root) for root in roots]

    def visit(where: str, source: str, module: str | None) -> None:
        try:
            needed, maybe = imported_names(source, module=module)
        except SyntaxError as error:
            raise ClosureError(f"{where}: cannot read its imports: {error}") from error
        for name in needed:
            top = name.split(".")[0]
            if top == package:
                pending.append((where, name))
            elif top and top not in sys.stdlib_module_names and top != "__main__":
                third_party.add(top)
        # ``from package import sub``: sub is a module when the package has its file.
        pending.extend(
            (where, name)
            for name in maybe
            if name.split(".")[0] == package and _module_file(package_dir, name)
        )

    for where, source in sources:
        visit(where, source, None)
    while pending:
        where, name = pending.pop()
        if _module_file(package_dir, name) is None:
            raise ClosureError(f"{where}: imports {name}, which {package}/ does not have")
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # the packages that hold it run first
            holder = ".".join(parts[:depth])
            holder_file = _module_file(package_dir, holder)
            if holder_file is None or holder in modules:
                continue
            modules[holder] = holder_file
            visit(
                str(holder_file.relative_to(package_dir.parent)),
                holder_file.read_text(encoding="utf-8"),
                _dotted(package_dir, holder_file),
            )
    return Closure(modules=modules, third_party=frozenset(third_party))
