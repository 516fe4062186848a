"""How a copier hides a copy, for the sample class: local variables renamed and
comments reworded, the code otherwise unchanged (so it earns what the original earns).

Only names that are safely local are renamed: assigned inside a function of the cell,
never a parameter (a check may pass arguments by name), never used outside the
cell's functions or inside an f-string, and renamed to a name the file does not use.
A cell that does not parse keeps its names (its comments still change).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

__all__ = ["disguise"]

_WORDS = ("my own version", "works now", "see lecture", "step by step", "fixed it", "todo: tidy")


def _locals(tree: ast.Module) -> set[str]:
    """The names every use of which lies in a function of ``tree`` that assigns it."""
    params = {node.arg for node in ast.walk(tree) if isinstance(node, ast.arg)}
    in_fstrings = {
        n.id
        for f in ast.walk(tree)
        if isinstance(f, ast.JoinedStr)
        for n in ast.walk(f)
        if isinstance(n, ast.Name)
    }
    declared = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Global | ast.Nonlocal)
        for name in node.names
    }
    safe: set[str] | None = None
    outside: set[str] = set()
    for statement in tree.body:
        names = {n for n in ast.walk(statement) if isinstance(n, ast.Name)}
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            stored = {n.id for n in names if isinstance(n.ctx, ast.Store)}
            used = {n.id for n in names}
            safe = (safe or set()) | stored
            outside |= used - stored  # a name read here but assigned elsewhere
        else:
            outside |= {n.id for n in names}
    return (safe or set()) - outside - params - in_fstrings - declared


def _new_name(name: str, taken: set[str]) -> str:
    for candidate in (f"{name.lower()}_val", f"tmp_{name.lower()}", f"{name}_{len(taken)}"):
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise AssertionError("unreachable: the last candidate is new")  # pragma: no cover


def _edits(source: str, taken: set[str]) -> list[tuple[int, int, int, str]]:
    """(line, start, end, text) replacements, columns in characters."""
    edits: list[tuple[int, int, int, str]] = []
    lines = source.splitlines()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        tree = None
    if tree is not None:
        renamed = {name: _new_name(name, taken) for name in sorted(_locals(tree))}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in renamed:
                line = lines[node.lineno - 1].encode()
                start = len(line[: node.col_offset].decode())
                edits.append((node.lineno, start, start + len(node.id), renamed[node.id]))
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        tokens = []
    # A `# %%` line starts a cell of a .py notebook: it stays.
    comments = [t for t in tokens if t.type == tokenize.COMMENT and not t.string.startswith("# %%")]
    for index, token in enumerate(comments):
        (row, start), (_, end) = token.start, token.end
        edits.append((row, start, end, f"# {_WORDS[index % len(_WORDS)]}"))
    return edits


def disguise(source: str, *, taken: set[str] | None = None) -> str:
    """``source`` with its local variables renamed and its comments reworded.

    ``taken``: the names the whole file uses (new names avoid them, and are added)."""
    taken = set(re.findall(r"[A-Za-z_]\w*", source)) | (taken or set())
    lines = source.splitlines(keepends=True)
    for row, start, end, text in sorted(_edits(source, taken), reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + text + line[end:]
    return "".join(lines)
