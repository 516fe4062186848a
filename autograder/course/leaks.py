"""The leak scan: nothing released may contain solution code or hidden checks.

A *secret* is a line of a solution region, or of a hidden test file, that does not
also appear in what students are meant to see (the handout, the stub, the public
tests). Every released text file, notebook cell and zip member is searched for every
secret line; short or generic lines (``return Y``, ``import torch``) are not secrets,
as they carry nothing and appear everywhere.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from autograder.course.markers import SOLUTION, find_regions, strip_markers
from autograder.course.model import Course, CoursePaths

MIN_SOLUTION_LINE = 16
MIN_TEST_LINE = 28


@dataclass(frozen=True)
class Leak:
    path: str
    line: int
    kind: str  # "solution" or "hidden test"
    exercise: str
    text: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.kind} of {self.exercise} released: {self.text[:80]!r}"
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def secrets(paths: CoursePaths, course: Course) -> dict[str, tuple[str, str]]:
    """Secret line -> (kind, exercise). Lines students see anyway (any handout or given
    code, any public check, the ``autograder`` package) are never secrets."""
    package = Path(__file__).resolve().parent.parent  # the autograder package
    visible: set[str] = set()
    for module in package.rglob("*.py"):
        visible |= set(_lines(module.read_text(encoding="utf-8")))
    solution_lines: dict[str, list[str]] = {}
    for exercise in course.exercise_ids:
        source = paths.solution(exercise)
        text = source.read_text(encoding="utf-8")
        lines = text.splitlines()
        inside: set[int] = set()
        for region in find_regions(text, source):
            if region.kind == SOLUTION:
                inside.update(range(region.begin, region.end - 1))  # between the markers
        visible |= {lines[i].strip() for i in range(len(lines)) if i not in inside}
        visible |= set(_lines(paths.public_test(exercise).read_text(encoding="utf-8")))
        solution_lines[exercise] = [lines[i].strip() for i in sorted(inside)]
    found: dict[str, tuple[str, str]] = {}
    for exercise, lines in solution_lines.items():
        for line in lines:
            if len(line) >= MIN_SOLUTION_LINE and line not in visible:
                found.setdefault(line, ("solution", exercise))
    for exercise in course.exercise_ids:
        hidden = strip_markers(paths.hidden_test(exercise).read_text(encoding="utf-8"))
        for line in _lines(hidden):
            if (
                len(line) >= MIN_TEST_LINE
                and line not in visible
                and not line.startswith(("import ", "from ", "@pytest", "#"))
            ):
                found.setdefault(line, ("hidden test", exercise))
    return found


def _texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for a file: each notebook cell, each zip member, or the file."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith("/"):
                    yield f"{path}!{name}", archive.read(name).decode("utf-8", "replace")
        return
    raw = path.read_bytes().decode("utf-8", "replace")
    if path.suffix == ".ipynb":
        try:
            notebook = json.loads(raw)
        except ValueError:
            yield str(path), raw
            return
        for index, cell in enumerate(notebook.get("cells", [])):
            source = cell.get("source", "")
            yield f"{path} cell {index}", "".join(source) if isinstance(source, list) else source
        return
    yield str(path), raw


def scan(files: Iterable[Path], found: dict[str, tuple[str, str]]) -> list[Leak]:
    """Every secret line found in ``files``."""
    leaks = []
    for path in files:
        for where, text in _texts(path):
            for number, raw in enumerate(_lines(text), start=1):
                line = raw.lstrip("#").strip()  # a commented-out solution leaks too
                if line in found:
                    kind, exercise = found[line]
                    leaks.append(Leak(where, number, kind, exercise, line))
    return leaks
