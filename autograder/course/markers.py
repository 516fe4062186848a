"""The one place that understands solution and hidden-test markers.

Markers are nbgrader's own, each alone on its line (indentation allowed)::

    ### BEGIN SOLUTION          ### BEGIN HIDDEN TESTS
    ...                         ...
    ### END SOLUTION            ### END HIDDEN TESTS

Regions may not nest and must close. A line that looks like a marker but is not
exactly one (``## BEGIN SOLUTION``, ``### BEGIN SOLUTIONS``, ``# ### END SOLUTION``)
is an error too: a typo must never let a solution through to students.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SOLUTION = "SOLUTION"
HIDDEN_TESTS = "HIDDEN TESTS"
KINDS = (SOLUTION, HIDDEN_TESTS)

_EXACT = re.compile(
    r"^(?P<indent>[ \t]*)### (?P<edge>BEGIN|END) (?P<kind>SOLUTION|HIDDEN TESTS)[ \t]*$"
)
_LOOSE = re.compile(r"(BEGIN|END)\s*(SOLUTION|HIDDEN\s*TEST)", re.IGNORECASE)

STUB_COMMENT = "# YOUR CODE HERE"
STUB_RAISE = 'raise NotImplementedError("Not implemented yet: replace this line with your code.")'


class MarkerError(ValueError):
    """A malformed marker, with the file and the 1-based line where it was found."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


@dataclass(frozen=True)
class Region:
    """Lines ``begin``..``end`` (1-based, the marker lines included) of one region."""

    kind: str
    begin: int
    end: int
    indent: str


def find_regions(text: str, path: str | Path = "<text>") -> list[Region]:
    """Return every marked region of ``text`` in order; raise MarkerError if malformed."""
    regions: list[Region] = []
    open_kind: str | None = None
    open_line = 0
    open_indent = ""
    for number, line in enumerate(text.splitlines(), start=1):
        exact = _EXACT.match(line)
        if exact is None:
            if _LOOSE.search(line):
                raise MarkerError(
                    path,
                    number,
                    f"line looks like a marker but is not one: {line.strip()!r}; write it alone "
                    "on its line as '### BEGIN SOLUTION' / '### END SOLUTION' (or HIDDEN TESTS)",
                )
            continue
        edge, kind, indent = exact["edge"], exact["kind"], exact["indent"]
        if edge == "BEGIN":
            if open_kind is not None:
                raise MarkerError(
                    path,
                    number,
                    f"'### BEGIN {kind}' inside the {open_kind} region opened at line "
                    f"{open_line}; regions cannot nest: close that one first",
                )
            open_kind, open_line, open_indent = kind, number, indent
        else:
            if open_kind is None:
                raise MarkerError(path, number, f"stray '### END {kind}' with no open region")
            if kind != open_kind:
                raise MarkerError(
                    path,
                    number,
                    f"'### END {kind}' closes the {open_kind} region opened at line {open_line}",
                )
            regions.append(Region(kind, open_line, number, open_indent))
            open_kind = None
    if open_kind is not None:
        raise MarkerError(
            path, open_line, f"'### BEGIN {open_kind}' is never closed by '### END {open_kind}'"
        )
    return regions


def _replace_regions(
    text: str, path: str | Path, kinds: Iterable[str], replacement: list[str] | None
) -> str:
    """Replace each region of the given kinds by ``replacement`` (indented) or drop it."""
    wanted = set(kinds)
    lines = text.splitlines()
    out: list[str] = []
    cursor = 0
    for region in find_regions(text, path):
        if region.kind not in wanted:
            continue
        out.extend(lines[cursor : region.begin - 1])
        if replacement is not None:
            out.extend(region.indent + piece for piece in replacement)
        cursor = region.end
    out.extend(lines[cursor:])
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def strip_solutions(text: str, path: str | Path = "<text>") -> str:
    """Replace every solution region by a ``raise NotImplementedError`` stub.

    Hidden-test regions are removed as well: nothing released may carry them.
    """
    text = _replace_regions(text, path, [SOLUTION], [STUB_COMMENT, STUB_RAISE])
    return _replace_regions(text, path, [HIDDEN_TESTS], None)


def strip_markers(text: str, path: str | Path = "<text>") -> str:
    """Keep every region's content but drop the marker lines (the instructor's version)."""
    find_regions(text, path)  # validate first
    return "\n".join(line for line in text.splitlines() if not _EXACT.match(line)) + (
        "\n" if text.endswith("\n") else ""
    )


def region_texts(text: str, path: str | Path = "<text>", kind: str = SOLUTION) -> list[str]:
    """The inner text of each region of ``kind`` (used by the leak scan)."""
    lines = text.splitlines()
    return [
        "\n".join(lines[r.begin : r.end - 1]) for r in find_regions(text, path) if r.kind == kind
    ]


def contains_marker(text: str) -> bool:
    """True if any line of ``text`` is, or looks like, a marker."""
    return any(_EXACT.match(line) or _LOOSE.search(line) for line in text.splitlines())
