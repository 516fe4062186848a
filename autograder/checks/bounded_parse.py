"""Parsing student text in the trusted process, within a budget.

``ast.parse`` on megabytes of student code costs seconds and gigabytes, and deep code
makes the parser itself give up: a large source is first cut to what a look at one
function needs (its definition, stand-ins for the other top-level definitions, and the
top-level imports and aliases that say what its names are). Standard library only.
"""

from __future__ import annotations

import ast

MAX_PARSED_CHARS = 256 * 2**10  # honest submissions are tens of KiB; 8 MiB took 24 s, 3 GiB


def parse_student_code(source: str, *, function: str) -> ast.Module | None:
    """``ast.parse`` for student text in the trusted process, for a look at ``function``
    (a large source is cut to its definitions first: ``_within_budget``). None for code
    that does not parse, including what the parser refuses by its own bounds (too deep:
    RecursionError or MemoryError; a null byte: ValueError on Python 3.11)."""
    try:
        return ast.parse(_within_budget(source, function))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


_HEADER_BUDGET = 64 * 2**10  # imports and aliases kept from a large source


def _within_budget(source: str, function: str) -> str:
    """``source`` if it is small; else only the blocks of ``def function``, a one-line
    stand-in for each top-level definition, and the top-level imports and aliases
    (``conv = F.conv2d``, up to ``_HEADER_BUDGET`` characters), every other line blanked
    (line numbers kept): parsing megabytes of student code costs seconds and gigabytes."""
    if len(source) <= MAX_PARSED_CHARS:
        return source
    lines = source.splitlines()
    kept = [""] * len(lines)
    budget = _HEADER_BUDGET
    index = 0
    while index < len(lines):
        line = lines[index]
        body = line.lstrip()
        indent = len(line) - len(body)
        words = body.removeprefix("async ").split("(", 1)[0].split(":", 1)[0].split()
        if len(words) == 2 and words[0] == "def" and words[1] == function:
            end = index + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
            ):
                end += 1
            for number in range(index, end):
                kept[number] = lines[number][indent:]
            index = end
            continue
        if indent == 0 and len(words) == 2 and words[0] in ("def", "class"):
            kept[index] = f"{words[0]} {words[1]}{'()' if words[0] == 'def' else ''}: pass"
        elif indent == 0 and words and len(line) <= 300 and _is_header(words, line):
            end = index + 1
            if words[0] in ("import", "from"):  # a parenthesised import spans lines
                while (
                    line.count("(") > line.count(")")
                    and end < min(len(lines), index + 100)
                    and ")" not in lines[end - 1]
                ):
                    end += 1
            size = sum(len(lines[number]) + 1 for number in range(index, end))
            if size <= budget:
                budget -= size
                kept[index:end] = lines[index:end]
                index = end
                continue
        index += 1
    return "\n".join(kept)


def _is_header(words: list[str], line: str) -> bool:
    """An import, or an alias of a library object: ``conv = F.conv2d``, ``G = getattr(...)``."""
    if words[0] in ("import", "from"):
        return True
    target, equals, value = line.partition("=")
    return (
        bool(equals)
        and target.strip().isidentifier()
        and not value.startswith("=")
        and ("." in value or "getattr" in value or "import" in value)
    )
